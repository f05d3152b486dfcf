let rec gcd_of (a : int) (b : int) : int =
  List.hd []


let assertions =
 let candidate = gcd_of in
  assert ((candidate 12 18) = 6);
  assert ((candidate 7 3) = 1);
  assert ((candidate 100 75) = 25);
  ()
;;
