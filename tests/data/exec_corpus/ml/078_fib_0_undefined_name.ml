let rec fib (n : int) : int =
  helper_that_does_not_exist 1


let assertions =
 let candidate = fib in
  assert ((candidate 1) = 1);
  assert ((candidate 10) = 55);
  assert ((candidate 12) = 144);
  ()
;;
