let rec filter_even (xs : int list) : int list =
  List.filter (fun x -> x mod 2 = 0) xs


let assertions =
 let candidate = filter_even in
  assert ((candidate [1; 2; 3; 4]) = [2; 4]);
  assert ((candidate [6; 7]) = [6]);
  assert ((candidate [8]) = [8]);
  ()
;;
