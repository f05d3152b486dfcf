
  words <- strsplit(test, " ")[[1]]
  words <- words[words != ""]
  result <- list()
  if (length(words) == 0) return(result)
  counts <- table(factor(words, levels = unique(words)))
  best <- max(counts)
  for (word in names(counts)) {
    if (counts[[word]] == best) result[[word]] <- as.numeric(best)
  }
  result
}
