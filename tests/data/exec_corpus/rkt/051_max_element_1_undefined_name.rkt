#lang racket

(define (max_element xs)
  (helper-that-does-not-exist 1))

(require rackunit)

(define (test-humaneval)
  (let ((candidate max_element))
    (check-equal? (candidate (list 2 2 9 1)) 9)
    (check-equal? (candidate (list 0 -1)) 0)
    (check-equal? (candidate (list 12 11)) 12)
))

(test-humaneval)
