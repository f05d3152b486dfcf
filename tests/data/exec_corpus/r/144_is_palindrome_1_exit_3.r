is_palindrome <- function(s) {
  chars <- strsplit(s, "")[[1]]
  identical(chars, rev(chars))
}

test_humaneval <- function() {
candidate <- is_palindrome
    stopifnot(isTRUE(all.equal(candidate("racecar"), TRUE)))
    stopifnot(isTRUE(all.equal(candidate("abca"), FALSE)))
    stopifnot(isTRUE(all.equal(candidate("q"), TRUE)))
}
test_humaneval()
quit(status = 3)
