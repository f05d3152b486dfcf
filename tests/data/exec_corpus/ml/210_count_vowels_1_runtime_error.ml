let rec count_vowels (s : string) : int =
  List.nth [] 3


let assertions =
 let candidate = count_vowels in
  assert ((candidate "banana") = 3);
  assert ((candidate "rhythm") = 0);
  assert ((candidate "queue") = 4);
  ()
;;
