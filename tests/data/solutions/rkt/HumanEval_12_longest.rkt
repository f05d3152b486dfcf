  (if (null? strings)
      #f
      (for/fold ([best (first strings)]) ([s (rest strings)])
        (if (> (string-length s) (string-length best)) s best))))
