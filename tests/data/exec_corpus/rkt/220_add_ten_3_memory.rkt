#lang racket

(define (add_ten x)
  (vector-length (make-vector 600000000 0)))

(require rackunit)

(define (test-humaneval)
  (let ((candidate add_ten))
    (check-equal? (candidate 1) 11)
    (check-equal? (candidate 5) 15)
    (check-equal? (candidate -3) 7)
))

(test-humaneval)
