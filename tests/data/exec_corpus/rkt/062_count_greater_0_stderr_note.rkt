#lang racket

(define (count_greater xs t)
  (length (filter (lambda (x) (> x t)) xs)))

(eprintf "a note on stderr\n")
(require rackunit)

(define (test-humaneval)
  (let ((candidate count_greater))
    (check-equal? (candidate (list 1 5 3) 2) 2)
    (check-equal? (candidate (list 1 2) 5) 0)
    (check-equal? (candidate (list 9 9 9) 8) 3)
))

(test-humaneval)
