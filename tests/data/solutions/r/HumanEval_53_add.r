
  x + y
}
