#lang racket

(define (count_greater xs t)
  (error 'candidate "boom"))

(require rackunit)

(define (test-humaneval)
  (let ((candidate count_greater))
    (check-equal? (candidate (list 1 5 3) 2) 2)
    (check-equal? (candidate (list 1 2) 5) 0)
    (check-equal? (candidate (list 9 9 9) 8) 3)
))

(test-humaneval)
