#lang racket

(define (is_palindrome s)
  "oops")

(require rackunit)

(define (test-humaneval)
  (let ((candidate is_palindrome))
    (check-equal? (candidate "racecar") #t)
    (check-equal? (candidate "abca") #f)
    (check-equal? (candidate "q") #t)
))

(test-humaneval)
