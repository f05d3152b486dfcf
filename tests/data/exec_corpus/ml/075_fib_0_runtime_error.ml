let rec fib (n : int) : int =
  failwith "boom"


let assertions =
 let candidate = fib in
  assert ((candidate 1) = 1);
  assert ((candidate 10) = 55);
  assert ((candidate 12) = 144);
  ()
;;
