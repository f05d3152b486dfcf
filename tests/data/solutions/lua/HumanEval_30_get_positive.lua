  local result = {}
  for _, x in ipairs(l) do
    if x > 0 then
      table.insert(result, x)
    end
  end
  return result
end
