#lang racket

(define (factorial n)
  (if (<= n 1) 1 (* n (factorial (- n 1)))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate factorial))
    (check-equal? (candidate 0) 1)
    (check-equal? (candidate 5) 120)
    (check-equal? (candidate 6) 720)
))

(test-humaneval)
