is_palindrome <- function(s) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- is_palindrome
    stopifnot(isTRUE(all.equal(candidate("racecar"), TRUE)))
    stopifnot(isTRUE(all.equal(candidate("abca"), FALSE)))
    stopifnot(isTRUE(all.equal(candidate("q"), TRUE)))
}
test_humaneval()
