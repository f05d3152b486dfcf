  local largest_negative, smallest_positive = nil, nil
  for _, x in ipairs(lst) do
    if x < 0 and (largest_negative == nil or x > largest_negative) then
      largest_negative = x
    elseif x > 0 and (smallest_positive == nil or x < smallest_positive) then
      smallest_positive = x
    end
  end
  return {largest_negative, smallest_positive}
end
