local function count_vowels(s)
    return helper_that_does_not_exist(1)
end

lu = require('luaunit')

function test_humaneval()
local candidate = count_vowels
    lu.assertEquals(candidate("hello"), 2)
    lu.assertEquals(candidate("sky"), 0)
    lu.assertEquals(candidate("aeiou"), 5)
end

os.exit(lu.LuaUnit.run())
