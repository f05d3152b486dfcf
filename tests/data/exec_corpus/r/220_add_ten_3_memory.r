add_ten <- function(x) {
  length(numeric(6e8))
}

test_humaneval <- function() {
candidate <- add_ten
    stopifnot(isTRUE(all.equal(candidate(1), 11)))
    stopifnot(isTRUE(all.equal(candidate(5), 15)))
    stopifnot(isTRUE(all.equal(candidate(-3), 7)))
}
test_humaneval()
