fib <- function(n) {
  if (n < 2) return(n)
  fib(n - 1) + fib(n - 2)
}

test_humaneval <- function() {
candidate <- fib
    stopifnot(isTRUE(all.equal(candidate(2), 1)))
    stopifnot(isTRUE(all.equal(candidate(7), 13)))
    stopifnot(isTRUE(all.equal(candidate(15), 610)))
}
test_humaneval()
quit(status = 3)
