#lang racket

(define (factorial n)
  (helper-that-does-not-exist 1))

(require rackunit)

(define (test-humaneval)
  (let ((candidate factorial))
    (check-equal? (candidate 0) 1)
    (check-equal? (candidate 5) 120)
    (check-equal? (candidate 6) 720)
))

(test-humaneval)
