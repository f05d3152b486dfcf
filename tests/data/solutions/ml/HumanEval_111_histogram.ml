  let words = List.filter (fun w -> w <> "") (String.split_on_char ' ' test) in
  let count w = List.length (List.filter (( = ) w) words) in
  let best = List.fold_left (fun m w -> max m (count w)) 0 words in
  List.fold_left
    (fun acc w -> if count w = best && not (List.mem_assoc w acc) then acc @ [ (w, best) ] else acc)
    [] words
