#lang racket

(define (filter_even xs)
  (error 'candidate "boom"))

(require rackunit)

(define (test-humaneval)
  (let ((candidate filter_even))
    (check-equal? (candidate (list 1 2 3 4)) (list 2 4))
    (check-equal? (candidate (list 6 7)) (list 6))
    (check-equal? (candidate (list 8)) (list 8))
))

(test-humaneval)
