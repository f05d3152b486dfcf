let rec factorial (n : int) : int =
  let rec grow a = grow (Array.append a a) in grow [| 0 |]


let assertions =
 let candidate = factorial in
  assert ((candidate 0) = 1);
  assert ((candidate 5) = 120);
  assert ((candidate 6) = 720);
  ()
;;
