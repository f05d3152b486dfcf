#lang racket

(define (gcd_of a b)
  (car '()))

(require rackunit)

(define (test-humaneval)
  (let ((candidate gcd_of))
    (check-equal? (candidate 9 6) 3)
    (check-equal? (candidate 21 14) 7)
    (check-equal? (candidate 5 5) 5)
))

(test-humaneval)
