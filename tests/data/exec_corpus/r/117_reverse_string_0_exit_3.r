reverse_string <- function(s) {
  paste(rev(strsplit(s, "")[[1]]), collapse = "")
}

test_humaneval <- function() {
candidate <- reverse_string
    stopifnot(isTRUE(all.equal(candidate("abc"), "cba")))
    stopifnot(isTRUE(all.equal(candidate("racecar"), "racecar")))
    stopifnot(isTRUE(all.equal(candidate("ab"), "ba")))
}
test_humaneval()
quit(status = 3)
