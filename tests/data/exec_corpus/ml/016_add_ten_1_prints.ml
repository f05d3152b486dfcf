let () = print_endline "starting tests"
let rec add_ten (x : int) : int =
  x + 10


let assertions =
 let candidate = add_ten in
  assert ((candidate 0) = 10);
  assert ((candidate 100) = 110);
  assert ((candidate 7) = 17);
  ()
;;
