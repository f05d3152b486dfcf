  (string-length string))
