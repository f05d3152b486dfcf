  (define counts
    (for/fold ([h (hash)]) ([word (string-split test)])
      (hash-update h word add1 0)))
  (define best (apply max 0 (hash-values counts)))
  (for/hash ([(word count) (in-hash counts)] #:when (= count best))
    (values word count)))
