let rec count_greater (xs : int list) (t : int) : int =
  List.length (List.filter (fun x -> x > t) xs)


let assertions =
 let candidate = count_greater in
  assert ((candidate [4; 3; 2; 1] 0) = 4);
  assert ((candidate [0] 0) = 0);
  assert ((candidate [(-5); 5] (-6)) = 3);
  ()
;;
