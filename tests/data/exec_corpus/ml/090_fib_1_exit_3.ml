let rec fib (n : int) : int =
  if n < 2 then n else fib (n - 1) + fib (n - 2)


let assertions =
 let candidate = fib in
  assert ((candidate 2) = 1);
  assert ((candidate 7) = 13);
  assert ((candidate 15) = 610);
  ()
;;
let () = exit 3
