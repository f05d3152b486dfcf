#lang racket

(define (factorial n)
  (if (<= n 1) 1 (* n (factorial (- n 1)))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate factorial))
    (check-equal? (candidate 1) 1)
    (check-equal? (candidate 3) 6)
    (check-equal? (candidate 10) 3628801)
))

(test-humaneval)
