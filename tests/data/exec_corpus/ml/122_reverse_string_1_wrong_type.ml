let rec reverse_string (s : string) : string =
  "oops"


let assertions =
 let candidate = reverse_string in
  assert ((candidate "hello") = "olleh");
  assert ((candidate "x") = "x");
  assert ((candidate "xyz") = "zyx");
  ()
;;
