  local result = {}
  for i, x in ipairs(l) do
    result[i] = x + 1
  end
  return result
end
