add_ten <- function(x) {
  x + 10
}

test_humaneval <- function() {
candidate <- add_ten
    stopifnot(isTRUE(all.equal(candidate(1), 11)))
    stopifnot(isTRUE(all.equal(candidate(5), 15)))
    stopifnot(isTRUE(all.equal(candidate(-3), 8)))
}
test_humaneval()
