let rec count_vowels (s : string) : int =
  let n = ref 0 in
  String.iter (fun c -> if S (

let assertions =
 let candidate = count_vowels in
  assert ((candidate "banana") = 3);
  assert ((candidate "rhythm") = 0);
  assert ((candidate "queue") = 4);
  ()
;;
