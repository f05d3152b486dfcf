let rec filter_even (xs : int list) : int list =
  List.filter (fun x -> x mod 2 = 0) xs


let () = prerr_endline "a note on stderr"
let assertions =
 let candidate = filter_even in
  assert ((candidate [2; 4; 5]) = [2; 4]);
  assert ((candidate [10; 11; 12]) = [10; 12]);
  assert ((candidate [0; 1]) = [0]);
  ()
;;
