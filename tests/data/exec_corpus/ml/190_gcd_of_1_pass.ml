let rec gcd_of (a : int) (b : int) : int =
  if b = 0 then a else gcd_of b (a mod b)


let assertions =
 let candidate = gcd_of in
  assert ((candidate 9 6) = 3);
  assert ((candidate 21 14) = 7);
  assert ((candidate 5 5) = 5);
  ()
;;
