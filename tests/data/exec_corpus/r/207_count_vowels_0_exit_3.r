count_vowels <- function(s) {
  chars <- strsplit(s, "")[[1]]
  sum(chars %in% c("a", "e", "i", "o", "u"))
}

test_humaneval <- function() {
candidate <- count_vowels
    stopifnot(isTRUE(all.equal(candidate("hello"), 2)))
    stopifnot(isTRUE(all.equal(candidate("sky"), 0)))
    stopifnot(isTRUE(all.equal(candidate("aeiou"), 5)))
}
test_humaneval()
quit(status = 3)
