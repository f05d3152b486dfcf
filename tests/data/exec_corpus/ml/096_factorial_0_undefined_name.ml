let rec factorial (n : int) : int =
  helper_that_does_not_exist 1


let assertions =
 let candidate = factorial in
  assert ((candidate 0) = 1);
  assert ((candidate 5) = 120);
  assert ((candidate 6) = 720);
  ()
;;
