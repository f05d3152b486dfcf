  for _, x in ipairs(l) do
    if x >= t then
      return false
    end
  end
  return true
end
