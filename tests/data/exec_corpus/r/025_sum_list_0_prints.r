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
    stopifnot(isTRUE(all.equal(candidate(c(1, 2, 3)), 6)))
    stopifnot(isTRUE(all.equal(candidate(c(10)), 10)))
    stopifnot(isTRUE(all.equal(candidate(c(4, -4, 5)), 5)))
}
test_humaneval()
