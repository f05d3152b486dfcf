let rec reverse_string (s : string) : string =
  String.init (String.length s) (fun i -> s.[String.length s - 1 - i])


let assertions =
 let candidate = reverse_string in
  assert ((candidate "abc") = "cba");
  assert ((candidate "racecar") = "racecar");
  assert ((candidate "ab") = "ba");
  ()
;;
