  (map add1 l))
