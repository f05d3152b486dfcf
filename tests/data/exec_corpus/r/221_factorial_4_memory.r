factorial <- function(n) {
  data <- 1
  repeat data <- c(data, data)
}

test_humaneval <- function() {
candidate <- factorial
    stopifnot(isTRUE(all.equal(candidate(0), 1)))
    stopifnot(isTRUE(all.equal(candidate(5), 120)))
    stopifnot(isTRUE(all.equal(candidate(6), 720)))
}
test_humaneval()
