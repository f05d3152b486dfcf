#lang racket

(displayln "starting tests")
(define (string_length s)
  (string-length s))

(require rackunit)

(define (test-humaneval)
  (let ((candidate string_length))
    (check-equal? (candidate "") 0)
    (check-equal? (candidate "abc") 3)
    (check-equal? (candidate "hello world") 11)
))

(test-humaneval)
