  return #string
end
