#lang racket

(define (count_vowels s)
  (+ 1 "a"))

(require rackunit)

(define (test-humaneval)
  (let ((candidate count_vowels))
    (check-equal? (candidate "banana") 3)
    (check-equal? (candidate "rhythm") 0)
    (check-equal? (candidate "queue") 4)
))

(test-humaneval)
