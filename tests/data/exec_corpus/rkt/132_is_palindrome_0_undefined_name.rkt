#lang racket

(define (is_palindrome s)
  (helper-that-does-not-exist 1))

(require rackunit)

(define (test-humaneval)
  (let ((candidate is_palindrome))
    (check-equal? (candidate "aba") #t)
    (check-equal? (candidate "ab") #f)
    (check-equal? (candidate "zz") #t)
))

(test-humaneval)
