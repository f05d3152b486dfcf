factorial <- function(n) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- factorial
    stopifnot(isTRUE(all.equal(candidate(1), 1)))
    stopifnot(isTRUE(all.equal(candidate(3), 6)))
    stopifnot(isTRUE(all.equal(candidate(10), 3628800)))
}
test_humaneval()
