  local counts, best = {}, 0
  for word in test:gmatch("%S+") do
    counts[word] = (counts[word] or 0) + 1
    if counts[word] > best then
      best = counts[word]
    end
  end
  local result = {}
  for word, count in pairs(counts) do
    if count == best then
      result[word] = count
    end
  end
  return result
end
