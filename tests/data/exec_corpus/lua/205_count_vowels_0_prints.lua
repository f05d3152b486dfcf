print("starting tests")
local function count_vowels(s)
    local _, n = string.gsub(s, '[aeiou]', '')
    return n
end

lu = require('luaunit')

function test_humaneval()
local candidate = count_vowels
    lu.assertEquals(candidate("hello"), 2)
    lu.assertEquals(candidate("sky"), 0)
    lu.assertEquals(candidate("aeiou"), 5)
end

os.exit(lu.LuaUnit.run())
