count_greater <- function(xs, t) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- count_greater
    stopifnot(isTRUE(all.equal(candidate(c(4, 3, 2, 1), 0), 4)))
    stopifnot(isTRUE(all.equal(candidate(c(0), 0), 0)))
    stopifnot(isTRUE(all.equal(candidate(c(-5, 5), -6), 2)))
}
test_humaneval()
