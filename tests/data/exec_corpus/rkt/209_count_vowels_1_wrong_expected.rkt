#lang racket

(define (count_vowels s)
  (length (filter (lambda (c) (memv c (string->list "aeiou"))) (string->list s))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate count_vowels))
    (check-equal? (candidate "banana") 3)
    (check-equal? (candidate "rhythm") 0)
    (check-equal? (candidate "queue") 5)
))

(test-humaneval)
