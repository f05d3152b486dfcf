#lang racket

(define (fib n)
  "oops")

(require rackunit)

(define (test-humaneval)
  (let ((candidate fib))
    (check-equal? (candidate 1) 1)
    (check-equal? (candidate 10) 55)
    (check-equal? (candidate 12) 144)
))

(test-humaneval)
