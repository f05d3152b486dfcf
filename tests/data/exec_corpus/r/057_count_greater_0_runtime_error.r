count_greater <- function(xs, t) {
  "a" + 1
}

test_humaneval <- function() {
candidate <- count_greater
    stopifnot(isTRUE(all.equal(candidate(c(1, 5, 3), 2), 2)))
    stopifnot(isTRUE(all.equal(candidate(c(1, 2), 5), 0)))
    stopifnot(isTRUE(all.equal(candidate(c(9, 9, 9), 8), 3)))
}
test_humaneval()
