print("starting tests")
sum_list <- function(xs) {
  total <- 0
  for (x in xs) {
    total <- total + x
  }
  total
}

test_humaneval <- function() {
candidate <- sum_list
    stopifnot(isTRUE(all.equal(candidate(c(7, 8)), 15)))
    stopifnot(isTRUE(all.equal(candidate(c(1, 1, 1, 1)), 4)))
    stopifnot(isTRUE(all.equal(candidate(c(-2, 9)), 7)))
}
test_humaneval()
