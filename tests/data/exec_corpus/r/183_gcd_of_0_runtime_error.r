gcd_of <- function(a, b) {
  stop("boom")
}

test_humaneval <- function() {
candidate <- gcd_of
    stopifnot(isTRUE(all.equal(candidate(12, 18), 6)))
    stopifnot(isTRUE(all.equal(candidate(7, 3), 1)))
    stopifnot(isTRUE(all.equal(candidate(100, 75), 25)))
}
test_humaneval()
