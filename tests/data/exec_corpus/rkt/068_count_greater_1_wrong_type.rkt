#lang racket

(define (count_greater xs t)
  "oops")

(require rackunit)

(define (test-humaneval)
  (let ((candidate count_greater))
    (check-equal? (candidate (list 4 3 2 1) 0) 4)
    (check-equal? (candidate (list 0) 0) 0)
    (check-equal? (candidate (list -5 5) -6) 2)
))

(test-humaneval)
