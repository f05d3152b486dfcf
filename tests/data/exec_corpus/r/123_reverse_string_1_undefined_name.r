reverse_string <- function(s) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- reverse_string
    stopifnot(isTRUE(all.equal(candidate("hello"), "olleh")))
    stopifnot(isTRUE(all.equal(candidate("x"), "x")))
    stopifnot(isTRUE(all.equal(candidate("xyz"), "zyx")))
}
test_humaneval()
