
  n <- length(numbers)
  if (n < 2) return(FALSE)
  for (i in 1:(n - 1)) {
    for (j in (i + 1):n) {
      if (abs(numbers[i] - numbers[j]) < threshold) return(TRUE)
    }
  }
  FALSE
}
