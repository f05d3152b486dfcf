
  nchar(string)
}
