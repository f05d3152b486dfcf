  List.filter (fun x -> x > 0) l
