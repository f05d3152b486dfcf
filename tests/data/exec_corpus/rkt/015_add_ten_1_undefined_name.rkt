#lang racket

(define (add_ten x)
  (helper-that-does-not-exist 1))

(require rackunit)

(define (test-humaneval)
  (let ((candidate add_ten))
    (check-equal? (candidate 0) 10)
    (check-equal? (candidate 100) 110)
    (check-equal? (candidate 7) 17)
))

(test-humaneval)
