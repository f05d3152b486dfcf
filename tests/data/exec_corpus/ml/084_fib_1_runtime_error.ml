let rec fib (n : int) : int =
  failwith "boom"


let assertions =
 let candidate = fib in
  assert ((candidate 2) = 1);
  assert ((candidate 7) = 13);
  assert ((candidate 15) = 610);
  ()
;;
