filter_even <- function(xs) {
  xs[xs %% 2 == 0]
}

test_humaneval <- function() {
candidate <- filter_even
    stopifnot(isTRUE(all.equal(candidate(c(2, 4, 5)), c(2, 4))))
    stopifnot(isTRUE(all.equal(candidate(c(10, 11, 12)), c(10, 12))))
    stopifnot(isTRUE(all.equal(candidate(c(0, 1)), c(0, 99))))
}
test_humaneval()
