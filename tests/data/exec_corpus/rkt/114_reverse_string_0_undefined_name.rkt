#lang racket

(define (reverse_string s)
  (helper-that-does-not-exist 1))

(require rackunit)

(define (test-humaneval)
  (let ((candidate reverse_string))
    (check-equal? (candidate "abc") "cba")
    (check-equal? (candidate "racecar") "racecar")
    (check-equal? (candidate "ab") "ba")
))

(test-humaneval)
