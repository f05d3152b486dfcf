  local sum, product = 0, 1
  for _, n in ipairs(numbers) do
    sum = sum + n
    product = product * n
  end
  return {sum, product}
end
