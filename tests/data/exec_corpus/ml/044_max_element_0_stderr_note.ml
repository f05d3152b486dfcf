let rec max_element (xs : int list) : int =
  List.fold_left max (List.hd xs) xs


let () = prerr_endline "a note on stderr"
let assertions =
 let candidate = max_element in
  assert ((candidate [1; 5; 3]) = 5);
  assert ((candidate [(-1); (-7)]) = (-1));
  assert ((candidate [4]) = 4);
  ()
;;
