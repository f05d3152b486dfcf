#lang racket

(define (count_vowels s)
  (length (filter (lambda (c) (memv c (string->list "aeiou"))) (string->list s))))

(require rackunit)

(define (test-humaneval)
  (let ((candidate count_vowels))
    (check-equal? (candidate "hello") 2)
    (check-equal? (candidate "sky") 0)
    (check-equal? (candidate "aeiou") 5)
))

(test-humaneval)
(exit 3)
