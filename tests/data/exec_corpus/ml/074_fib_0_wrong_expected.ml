let rec fib (n : int) : int =
  if n < 2 then n else fib (n - 1) + fib (n - 2)


let assertions =
 let candidate = fib in
  assert ((candidate 1) = 1);
  assert ((candidate 10) = 55);
  assert ((candidate 12) = 145);
  ()
;;
