#lang racket

(define (reverse_string s)
  (list->string (reverse (string->list s))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate reverse_string))
    (check-equal? (candidate "abc") "cba")
    (check-equal? (candidate "racecar") "racecar")
    (check-equal? (candidate "ab") "ba")
))

(test-humaneval)
(exit 3)
