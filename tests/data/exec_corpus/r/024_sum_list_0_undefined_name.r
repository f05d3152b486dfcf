sum_list <- function(xs) {
  helper_that_does_not_exist(1)
}

test_humaneval <- function() {
candidate <- sum_list
    stopifnot(isTRUE(all.equal(candidate(c(1, 2, 3)), 6)))
    stopifnot(isTRUE(all.equal(candidate(c(10)), 10)))
    stopifnot(isTRUE(all.equal(candidate(c(4, -4, 5)), 5)))
}
test_humaneval()
