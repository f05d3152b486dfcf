let rec count_greater (xs : int list) (t : int) : int =
  helper_that_does_not_exist 1


let assertions =
 let candidate = count_greater in
  assert ((candidate [1; 5; 3] 2) = 2);
  assert ((candidate [1; 2] 5) = 0);
  assert ((candidate [9; 9; 9] 8) = 3);
  ()
;;
