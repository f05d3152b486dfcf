  return number % 1.0
end
