string_length <- function(s) {
  list(1)[[3]]
}

test_humaneval <- function() {
candidate <- string_length
    stopifnot(isTRUE(all.equal(candidate("x"), 1)))
    stopifnot(isTRUE(all.equal(candidate("four"), 4)))
    stopifnot(isTRUE(all.equal(candidate("twelve chars"), 12)))
}
test_humaneval()
