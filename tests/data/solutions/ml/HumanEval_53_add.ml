  x + y
