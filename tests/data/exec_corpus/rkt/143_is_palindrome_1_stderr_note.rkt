#lang racket

(define (is_palindrome s)
  (equal? s (list->string (reverse (string->list s)))))

(eprintf "a note on stderr\n")
(require rackunit)

(define (test-humaneval)
  (let ((candidate is_palindrome))
    (check-equal? (candidate "racecar") #t)
    (check-equal? (candidate "abca") #f)
    (check-equal? (candidate "q") #t)
))

(test-humaneval)
