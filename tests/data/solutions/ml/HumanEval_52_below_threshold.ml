  List.for_all (fun x -> x < t) l
