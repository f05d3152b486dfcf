let rec factorial (n : int) : int =
  if n <= 1 then 1 (

let assertions =
 let candidate = factorial in
  assert ((candidate 1) = 1);
  assert ((candidate 3) = 6);
  assert ((candidate 10) = 3628800);
  ()
;;
