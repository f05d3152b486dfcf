reverse_string <- function(s) {
  paste(rev(strsplit(s, "")[[1]]), collapse = "")
}

test_humaneval <- function() {
candidate <- reverse_string
    stopifnot(isTRUE(all.equal(candidate("hello"), "olleh")))
    stopifnot(isTRUE(all.equal(candidate("x"), "x")))
    stopifnot(isTRUE(all.equal(candidate("xyz"), "zyx")))
}
test_humaneval()
quit(status = 3)
