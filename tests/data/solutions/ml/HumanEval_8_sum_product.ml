  (List.fold_left ( + ) 0 numbers, List.fold_left ( * ) 1 numbers)
