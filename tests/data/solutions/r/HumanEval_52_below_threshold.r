
  all(l < t)
}
