  return x + y
end
