  for i = 1, #numbers do
    for j = i + 1, #numbers do
      if math.abs(numbers[i] - numbers[j]) < threshold then
        return true
      end
    end
  end
  return false
end
