string_length <- function(s) {
  nchar(s)
}

test_humaneval <- function() {
candidate <- string_length
    stopifnot(isTRUE(all.equal(candidate(""), 0)))
    stopifnot(isTRUE(all.equal(candidate("abc"), 3)))
    stopifnot(isTRUE(all.equal(candidate("hello world"), 12)))
}
test_humaneval()
