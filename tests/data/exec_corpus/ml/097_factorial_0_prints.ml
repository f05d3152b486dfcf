let () = print_endline "starting tests"
let rec factorial (n : int) : int =
  if n <= 1 then 1 else n * factorial (n - 1)


let assertions =
 let candidate = factorial in
  assert ((candidate 0) = 1);
  assert ((candidate 5) = 120);
  assert ((candidate 6) = 720);
  ()
;;
