#lang racket

(define (max_element xs)
  (for/fold ([best (first xs)]) ([x xs]) (max best x)))

(eprintf "a note on stderr\n")
(require rackunit)

(define (test-humaneval)
  (let ((candidate max_element))
    (check-equal? (candidate (list 1 5 3)) 5)
    (check-equal? (candidate (list -1 -7)) -1)
    (check-equal? (candidate (list 4)) 4)
))

(test-humaneval)
