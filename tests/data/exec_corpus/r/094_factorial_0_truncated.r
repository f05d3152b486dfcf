factorial <- function(n) {
  if (n <= 1) return(1) (

test_humaneval <- function() {
candidate <- factorial
    stopifnot(isTRUE(all.equal(candidate(0), 1)))
    stopifnot(isTRUE(all.equal(candidate(5), 120)))
    stopifnot(isTRUE(all.equal(candidate(6), 720)))
}
test_humaneval()
