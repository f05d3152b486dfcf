  let rec any = function
    | [] -> false
    | x :: rest -> List.exists (fun y -> abs_float (x -. y) < threshold) rest || any rest
  in
  any numbers
