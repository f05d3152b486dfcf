let rec filter_even (xs : int list) : int list =
  helper_that_does_not_exist 1


let assertions =
 let candidate = filter_even in
  assert ((candidate [1; 2; 3; 4]) = [2; 4]);
  assert ((candidate [6; 7]) = [6]);
  assert ((candidate [8]) = [8]);
  ()
;;
