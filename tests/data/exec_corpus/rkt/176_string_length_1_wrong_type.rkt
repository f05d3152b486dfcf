#lang racket

(define (string_length s)
  "oops")

(require rackunit)

(define (test-humaneval)
  (let ((candidate string_length))
    (check-equal? (candidate "x") 1)
    (check-equal? (candidate "four") 4)
    (check-equal? (candidate "twelve chars") 12)
))

(test-humaneval)
