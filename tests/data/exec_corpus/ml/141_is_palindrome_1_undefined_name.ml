let rec is_palindrome (s : string) : bool =
  helper_that_does_not_exist 1


let assertions =
 let candidate = is_palindrome in
  assert ((candidate "racecar") = true);
  assert ((candidate "abca") = false);
  assert ((candidate "q") = true);
  ()
;;
