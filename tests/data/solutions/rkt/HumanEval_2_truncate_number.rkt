  (- number (floor number)))
