filter_even <- function(xs) {
  xs[xs %% 2 == 0]
}

test_humaneval <- function() {
candidate <- filter_even
    stopifnot(isTRUE(all.equal(candidate(c(1, 2, 3, 4)), c(2, 4))))
    stopifnot(isTRUE(all.equal(candidate(c(6, 7)), c(6))))
    stopifnot(isTRUE(all.equal(candidate(c(8)), c(8))))
}
test_humaneval()
quit(status = 3)
