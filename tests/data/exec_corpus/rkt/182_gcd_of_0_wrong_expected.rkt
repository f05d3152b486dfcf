#lang racket

(define (gcd_of a b)
  (if (= b 0) a (gcd_of b (modulo a b))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate gcd_of))
    (check-equal? (candidate 12 18) 6)
    (check-equal? (candidate 7 3) 1)
    (check-equal? (candidate 100 75) 26)
))

(test-humaneval)
