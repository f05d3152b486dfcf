let rec is_palindrome (s : string) : bool =
  helper_that_does_not_exist 1


let assertions =
 let candidate = is_palindrome in
  assert ((candidate "aba") = true);
  assert ((candidate "ab") = false);
  assert ((candidate "zz") = true);
  ()
;;
