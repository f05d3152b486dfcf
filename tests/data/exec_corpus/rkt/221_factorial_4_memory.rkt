#lang racket

(define (factorial n)
  (let grow ([v (vector 0)]) (grow (vector-append v v))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate factorial))
    (check-equal? (candidate 0) 1)
    (check-equal? (candidate 5) 120)
    (check-equal? (candidate 6) 720)
))

(test-humaneval)
