  (for*/or ([i (in-range (length numbers))]
            [j (in-range (length numbers))])
    (and (not (= i j))
         (< (abs (- (list-ref numbers i) (list-ref numbers j))) threshold))))
