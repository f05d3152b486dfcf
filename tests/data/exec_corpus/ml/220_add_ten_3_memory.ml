let rec add_ten (x : int) : int =
  Array.length (Array.make (600 * 1000 * 1000) 0)


let assertions =
 let candidate = add_ten in
  assert ((candidate 1) = 11);
  assert ((candidate 5) = 15);
  assert ((candidate (-3)) = 7);
  ()
;;
