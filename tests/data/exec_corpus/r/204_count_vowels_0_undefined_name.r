count_vowels <- function(s) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- count_vowels
    stopifnot(isTRUE(all.equal(candidate("hello"), 2)))
    stopifnot(isTRUE(all.equal(candidate("sky"), 0)))
    stopifnot(isTRUE(all.equal(candidate("aeiou"), 5)))
}
test_humaneval()
