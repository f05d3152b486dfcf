  (andmap (lambda (x) (< x t)) l))
