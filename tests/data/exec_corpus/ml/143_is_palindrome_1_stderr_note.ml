let rec is_palindrome (s : string) : bool =
  let n = String.length s in
  let rec go i = i >= n / 2 || (s.[i] = s.[n - 1 - i] && go (i + 1)) in
  go 0


let () = prerr_endline "a note on stderr"
let assertions =
 let candidate = is_palindrome in
  assert ((candidate "racecar") = true);
  assert ((candidate "abca") = false);
  assert ((candidate "q") = true);
  ()
;;
