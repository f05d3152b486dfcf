let rec reverse_string (s : string) : string =
  "oops"


let assertions =
 let candidate = reverse_string in
  assert ((candidate "abc") = "cba");
  assert ((candidate "racecar") = "racecar");
  assert ((candidate "ab") = "ba");
  ()
;;
