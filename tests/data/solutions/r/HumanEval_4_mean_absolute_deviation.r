
  center <- mean(numbers)
  mean(abs(numbers - center))
}
