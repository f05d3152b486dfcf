let rec is_palindrome (s : string) : bool =
  let n = String.length s in
  let rec go i = i >= n / 2 || (s.[i] = s.[n - 1 - i] && go (i + 1)) in
  go 0


let assertions =
 let candidate = is_palindrome in
  assert ((candidate "aba") = true);
  assert ((candidate "ab") = false);
  assert ((candidate "zz") = true);
  ()
;;
