is_palindrome <- function(s) {
  chars <- strsplit(s, "")[[1]]
  identical(chars, rev(chars))
}

test_humaneval <- function() {
candidate <- is_palindrome
    stopifnot(isTRUE(all.equal(candidate("aba"), TRUE)))
    stopifnot(isTRUE(all.equal(candidate("ab"), FALSE)))
    stopifnot(isTRUE(all.equal(candidate("zz"), TRUE)))
}
test_humaneval()
quit(status = 3)
