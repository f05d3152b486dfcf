#lang racket

(define (filter_even xs)
  (error 'candidate "boom"))

(require rackunit)

(define (test-humaneval)
  (let ((candidate filter_even))
    (check-equal? (candidate (list 2 4 5)) (list 2 4))
    (check-equal? (candidate (list 10 11 12)) (list 10 12))
    (check-equal? (candidate (list 0 1)) (list 0))
))

(test-humaneval)
