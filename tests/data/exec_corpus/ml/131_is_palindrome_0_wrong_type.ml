let rec is_palindrome (s : string) : bool =
  "oops"


let assertions =
 let candidate = is_palindrome in
  assert ((candidate "aba") = true);
  assert ((candidate "ab") = false);
  assert ((candidate "zz") = true);
  ()
;;
