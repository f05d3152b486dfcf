
  if (length(l) == 0) NULL else l + 1
}
