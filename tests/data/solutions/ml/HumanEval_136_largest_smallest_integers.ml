  let negatives = List.filter (fun x -> x < 0) lst in
  let positives = List.filter (fun x -> x > 0) lst in
  ( (match negatives with [] -> None | _ -> Some (List.fold_left max min_int negatives)),
    match positives with [] -> None | _ -> Some (List.fold_left min max_int positives) )
