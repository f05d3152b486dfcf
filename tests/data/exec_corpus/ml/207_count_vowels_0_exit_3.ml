let rec count_vowels (s : string) : int =
  let n = ref 0 in
  String.iter (fun c -> if String.contains "aeiou" c then incr n) s;
  !n


let assertions =
 let candidate = count_vowels in
  assert ((candidate "hello") = 2);
  assert ((candidate "sky") = 0);
  assert ((candidate "aeiou") = 5);
  ()
;;
let () = exit 3
