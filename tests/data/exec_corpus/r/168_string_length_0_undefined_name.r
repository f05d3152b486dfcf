string_length <- function(s) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- string_length
    stopifnot(isTRUE(all.equal(candidate(""), 0)))
    stopifnot(isTRUE(all.equal(candidate("abc"), 3)))
    stopifnot(isTRUE(all.equal(candidate("hello world"), 11)))
}
test_humaneval()
