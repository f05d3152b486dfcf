  local best = nil
  for _, s in ipairs(strings) do
    if best == nil or #s > #best then
      best = s
    end
  end
  return best
end
