count_vowels <- function(s) {
  get("no_such_object")
}

test_humaneval <- function() {
candidate <- count_vowels
    stopifnot(isTRUE(all.equal(candidate("hello"), 2)))
    stopifnot(isTRUE(all.equal(candidate("sky"), 0)))
    stopifnot(isTRUE(all.equal(candidate("aeiou"), 5)))
}
test_humaneval()
