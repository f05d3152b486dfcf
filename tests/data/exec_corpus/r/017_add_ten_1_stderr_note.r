add_ten <- function(x) {
  x + 10
}

message("a note on stderr")
test_humaneval <- function() {
candidate <- add_ten
    stopifnot(isTRUE(all.equal(candidate(0), 10)))
    stopifnot(isTRUE(all.equal(candidate(100), 110)))
    stopifnot(isTRUE(all.equal(candidate(7), 17)))
}
test_humaneval()
