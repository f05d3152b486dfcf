fib <- function(n) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- fib
    stopifnot(isTRUE(all.equal(candidate(1), 1)))
    stopifnot(isTRUE(all.equal(candidate(10), 55)))
    stopifnot(isTRUE(all.equal(candidate(12), 144)))
}
test_humaneval()
