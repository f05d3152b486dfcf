add_ten <- function(x) {
  x + 10
}

test_humaneval <- function() {
candidate <- add_ten
    stopifnot(isTRUE(all.equal(candidate(0), 10)))
    stopifnot(isTRUE(all.equal(candidate(100), 110)))
    stopifnot(isTRUE(all.equal(candidate(7), 18)))
}
test_humaneval()
