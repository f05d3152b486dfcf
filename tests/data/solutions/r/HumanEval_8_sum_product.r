
  c(sum(numbers), prod(numbers))
}
