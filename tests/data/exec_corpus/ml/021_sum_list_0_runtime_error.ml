let rec sum_list (xs : int list) : int =
  List.nth [] 3


let assertions =
 let candidate = sum_list in
  assert ((candidate [1; 2; 3]) = 6);
  assert ((candidate [10]) = 10);
  assert ((candidate [4; (-4); 5]) = 5);
  ()
;;
