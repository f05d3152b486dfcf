let rec add_ten (x : int) : int =
  "oops"


let assertions =
 let candidate = add_ten in
  assert ((candidate 1) = 11);
  assert ((candidate 5) = 15);
  assert ((candidate (-3)) = 7);
  ()
;;
