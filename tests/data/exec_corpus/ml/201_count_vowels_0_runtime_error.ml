let rec count_vowels (s : string) : int =
  List.nth [] 3


let assertions =
 let candidate = count_vowels in
  assert ((candidate "hello") = 2);
  assert ((candidate "sky") = 0);
  assert ((candidate "aeiou") = 5);
  ()
;;
