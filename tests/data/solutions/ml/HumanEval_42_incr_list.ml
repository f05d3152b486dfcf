  List.map (fun x -> x + 1) l
