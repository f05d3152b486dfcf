#lang racket

(define (string_length s)
  (s (

(require rackunit)

(define (test-humaneval)
  (let ((candidate string_length))
    (check-equal? (candidate "") 0)
    (check-equal? (candidate "abc") 3)
    (check-equal? (candidate "hello world") 11)
))

(test-humaneval)
