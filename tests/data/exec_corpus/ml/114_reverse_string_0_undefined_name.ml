let rec reverse_string (s : string) : string =
  helper_that_does_not_exist 1


let assertions =
 let candidate = reverse_string in
  assert ((candidate "abc") = "cba");
  assert ((candidate "racecar") = "racecar");
  assert ((candidate "ab") = "ba");
  ()
;;
