let rec is_palindrome (s : string) : bool =
  invalid_arg "bad"


let assertions =
 let candidate = is_palindrome in
  assert ((candidate "racecar") = true);
  assert ((candidate "abca") = false);
  assert ((candidate "q") = true);
  ()
;;
