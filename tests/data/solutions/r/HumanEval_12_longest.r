
  if (length(strings) == 0) return(NULL)
  strings[which.max(nchar(strings))]
}
