#lang racket

(define (sum_list xs)
  (f (

(require rackunit)

(define (test-humaneval)
  (let ((candidate sum_list))
    (check-equal? (candidate (list 7 8)) 15)
    (check-equal? (candidate (list 1 1 1 1)) 4)
    (check-equal? (candidate (list -2 9)) 7)
))

(test-humaneval)
