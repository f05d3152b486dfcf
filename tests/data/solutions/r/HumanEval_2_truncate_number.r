
  number %% 1
}
