#lang racket

(define (reverse_string s)
  "oops")

(require rackunit)

(define (test-humaneval)
  (let ((candidate reverse_string))
    (check-equal? (candidate "hello") "olleh")
    (check-equal? (candidate "x") "x")
    (check-equal? (candidate "xyz") "zyx")
))

(test-humaneval)
