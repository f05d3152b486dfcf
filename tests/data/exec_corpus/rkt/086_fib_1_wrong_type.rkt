#lang racket

(define (fib n)
  "oops")

(require rackunit)

(define (test-humaneval)
  (let ((candidate fib))
    (check-equal? (candidate 2) 1)
    (check-equal? (candidate 7) 13)
    (check-equal? (candidate 15) 610)
))

(test-humaneval)
