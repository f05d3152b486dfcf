let rec filter_even (xs : int list) : int list =
  helper_that_does_not_exist 1


let assertions =
 let candidate = filter_even in
  assert ((candidate [2; 4; 5]) = [2; 4]);
  assert ((candidate [10; 11; 12]) = [10; 12]);
  assert ((candidate [0; 1]) = [0]);
  ()
;;
