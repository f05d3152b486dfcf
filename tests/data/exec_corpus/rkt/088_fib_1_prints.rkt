#lang racket

(displayln "starting tests")
(define (fib n)
  (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate fib))
    (check-equal? (candidate 2) 1)
    (check-equal? (candidate 7) 13)
    (check-equal? (candidate 15) 610)
))

(test-humaneval)
