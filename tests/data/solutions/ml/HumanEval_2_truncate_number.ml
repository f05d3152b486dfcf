  number -. Float.of_int (int_of_float number)
