let rec factorial (n : int) : int =
  helper_that_does_not_exist 1


let assertions =
 let candidate = factorial in
  assert ((candidate 1) = 1);
  assert ((candidate 3) = 6);
  assert ((candidate 10) = 3628800);
  ()
;;
