let rec string_length (s : string) : int =
  "oops"


let assertions =
 let candidate = string_length in
  assert ((candidate "") = 0);
  assert ((candidate "abc") = 3);
  assert ((candidate "hello world") = 11);
  ()
;;
