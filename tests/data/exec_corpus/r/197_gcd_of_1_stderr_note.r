gcd_of <- function(a, b) {
  while (b != 0) {
    r <- a %% b
    a <- b
    b <- r
  }
  a
}

message("a note on stderr")
test_humaneval <- function() {
candidate <- gcd_of
    stopifnot(isTRUE(all.equal(candidate(9, 6), 3)))
    stopifnot(isTRUE(all.equal(candidate(21, 14), 7)))
    stopifnot(isTRUE(all.equal(candidate(5, 5), 5)))
}
test_humaneval()
