
  positive <- l[l > 0]
  if (length(positive) == 0) NULL else positive
}
