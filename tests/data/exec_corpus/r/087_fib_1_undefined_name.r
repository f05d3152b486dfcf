fib <- function(n) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- fib
    stopifnot(isTRUE(all.equal(candidate(2), 1)))
    stopifnot(isTRUE(all.equal(candidate(7), 13)))
    stopifnot(isTRUE(all.equal(candidate(15), 610)))
}
test_humaneval()
