count_vowels <- function(s) {
  chars <- strsplit(s, "")[[1]]
  sum(chars %in% c("a", "e", "i", "o", "u"))
}

test_humaneval <- function() {
candidate <- count_vowels
    stopifnot(isTRUE(all.equal(candidate("banana"), 3)))
    stopifnot(isTRUE(all.equal(candidate("rhythm"), 0)))
    stopifnot(isTRUE(all.equal(candidate("queue"), 4)))
}
test_humaneval()
quit(status = 3)
