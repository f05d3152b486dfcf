let rec count_vowels (s : string) : int =
  "oops"


let assertions =
 let candidate = count_vowels in
  assert ((candidate "hello") = 2);
  assert ((candidate "sky") = 0);
  assert ((candidate "aeiou") = 5);
  ()
;;
