let rec is_palindrome (s : string) : bool =
  invalid_arg "bad"


let assertions =
 let candidate = is_palindrome in
  assert ((candidate "aba") = true);
  assert ((candidate "ab") = false);
  assert ((candidate "zz") = true);
  ()
;;
