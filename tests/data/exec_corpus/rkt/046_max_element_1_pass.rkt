#lang racket

(define (max_element xs)
  (for/fold ([best (first xs)]) ([x xs]) (max best x)))

(require rackunit)

(define (test-humaneval)
  (let ((candidate max_element))
    (check-equal? (candidate (list 2 2 9 1)) 9)
    (check-equal? (candidate (list 0 -1)) 0)
    (check-equal? (candidate (list 12 11)) 12)
))

(test-humaneval)
