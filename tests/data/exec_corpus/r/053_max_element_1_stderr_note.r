max_element <- function(xs) {
  best <- xs[1]
  for (x in xs) if (x > best) best <- x
  best
}

message("a note on stderr")
test_humaneval <- function() {
candidate <- max_element
    stopifnot(isTRUE(all.equal(candidate(c(2, 2, 9, 1)), 9)))
    stopifnot(isTRUE(all.equal(candidate(c(0, -1)), 0)))
    stopifnot(isTRUE(all.equal(candidate(c(12, 11)), 12)))
}
test_humaneval()
