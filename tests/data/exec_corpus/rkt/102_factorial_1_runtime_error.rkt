#lang racket

(define (factorial n)
  (car '()))

(require rackunit)

(define (test-humaneval)
  (let ((candidate factorial))
    (check-equal? (candidate 1) 1)
    (check-equal? (candidate 3) 6)
    (check-equal? (candidate 10) 3628800)
))

(test-humaneval)
