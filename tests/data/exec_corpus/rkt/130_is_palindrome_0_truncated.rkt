#lang racket

(define (is_palindrome s)
  (equal? s (list->string (r (

(require rackunit)

(define (test-humaneval)
  (let ((candidate is_palindrome))
    (check-equal? (candidate "aba") #t)
    (check-equal? (candidate "ab") #f)
    (check-equal? (candidate "zz") #t)
))

(test-humaneval)
