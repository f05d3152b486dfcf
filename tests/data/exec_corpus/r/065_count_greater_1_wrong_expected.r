count_greater <- function(xs, t) {
  n <- 0
  for (x in xs) if (x > t) n <- n + 1
  n
}

test_humaneval <- function() {
candidate <- count_greater
    stopifnot(isTRUE(all.equal(candidate(c(4, 3, 2, 1), 0), 4)))
    stopifnot(isTRUE(all.equal(candidate(c(0), 0), 0)))
    stopifnot(isTRUE(all.equal(candidate(c(-5, 5), -6), 3)))
}
test_humaneval()
