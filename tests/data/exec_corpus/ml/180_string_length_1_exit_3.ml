let rec string_length (s : string) : int =
  String.length s


let assertions =
 let candidate = string_length in
  assert ((candidate "x") = 1);
  assert ((candidate "four") = 4);
  assert ((candidate "twelve chars") = 12);
  ()
;;
let () = exit 3
