let rec fib (n : int) : int =
  helper_that_does_not_exist 1


let assertions =
 let candidate = fib in
  assert ((candidate 2) = 1);
  assert ((candidate 7) = 13);
  assert ((candidate 15) = 610);
  ()
;;
