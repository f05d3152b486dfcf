let rec reverse_string (s : string) : string =
  String.init (String.length s) (

let assertions =
 let candidate = reverse_string in
  assert ((candidate "hello") = "olleh");
  assert ((candidate "x") = "x");
  assert ((candidate "xyz") = "zyx");
  ()
;;
