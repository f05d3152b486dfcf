  (define negatives (filter negative? lst))
  (define positives (filter positive? lst))
  (list (if (null? negatives) #f (apply max negatives))
        (if (null? positives) #f (apply min positives))))
