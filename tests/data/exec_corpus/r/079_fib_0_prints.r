print("starting tests")
fib <- function(n) {
  if (n < 2) return(n)
  fib(n - 1) + fib(n - 2)
}

test_humaneval <- function() {
candidate <- fib
    stopifnot(isTRUE(all.equal(candidate(1), 1)))
    stopifnot(isTRUE(all.equal(candidate(10), 55)))
    stopifnot(isTRUE(all.equal(candidate(12), 144)))
}
test_humaneval()
