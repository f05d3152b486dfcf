#lang racket

(define (sum_list xs)
  (sleep 100))

(require rackunit)

(define (test-humaneval)
  (let ((candidate sum_list))
    (check-equal? (candidate (list 1 2 3)) 6)
    (check-equal? (candidate (list 10)) 10)
    (check-equal? (candidate (list 4 -4 5)) 5)
))

(test-humaneval)
