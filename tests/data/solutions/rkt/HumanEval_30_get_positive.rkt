  (filter positive? l))
