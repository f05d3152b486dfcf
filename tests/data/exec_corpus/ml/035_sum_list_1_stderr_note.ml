let rec sum_list (xs : int list) : int =
  List.fold_left ( + ) 0 xs


let () = prerr_endline "a note on stderr"
let assertions =
 let candidate = sum_list in
  assert ((candidate [7; 8]) = 15);
  assert ((candidate [1; 1; 1; 1]) = 4);
  assert ((candidate [(-2); 9]) = 7);
  ()
;;
