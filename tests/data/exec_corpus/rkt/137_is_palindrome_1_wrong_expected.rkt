#lang racket

(define (is_palindrome s)
  (equal? s (list->string (reverse (string->list s)))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate is_palindrome))
    (check-equal? (candidate "racecar") #t)
    (check-equal? (candidate "abca") #f)
    (check-equal? (candidate "q") #f)
))

(test-humaneval)
