  (list (apply + numbers) (apply * numbers)))
