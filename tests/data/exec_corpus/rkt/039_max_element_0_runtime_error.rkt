#lang racket

(define (max_element xs)
  (vector-ref (vector) 1))

(require rackunit)

(define (test-humaneval)
  (let ((candidate max_element))
    (check-equal? (candidate (list 1 5 3)) 5)
    (check-equal? (candidate (list -1 -7)) -1)
    (check-equal? (candidate (list 4)) 4)
))

(test-humaneval)
