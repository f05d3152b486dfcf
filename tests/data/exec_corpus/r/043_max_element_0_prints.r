print("starting tests")
max_element <- function(xs) {
  best <- xs[1]
  for (x in xs) if (x > best) best <- x
  best
}

test_humaneval <- function() {
candidate <- max_element
    stopifnot(isTRUE(all.equal(candidate(c(1, 5, 3)), 5)))
    stopifnot(isTRUE(all.equal(candidate(c(-1, -7)), -1)))
    stopifnot(isTRUE(all.equal(candidate(c(4)), 4)))
}
test_humaneval()
