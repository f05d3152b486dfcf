#lang racket

(define (fib n)
  (/ 1 0))

(require rackunit)

(define (test-humaneval)
  (let ((candidate fib))
    (check-equal? (candidate 2) 1)
    (check-equal? (candidate 7) 13)
    (check-equal? (candidate 15) 610)
))

(test-humaneval)
