#lang racket

(define (count_vowels s)
  (helper-that-does-not-exist 1))

(require rackunit)

(define (test-humaneval)
  (let ((candidate count_vowels))
    (check-equal? (candidate "hello") 2)
    (check-equal? (candidate "sky") 0)
    (check-equal? (candidate "aeiou") 5)
))

(test-humaneval)
