local function count_vowels(s)
    return undefined_helper.field
end

lu = require('luaunit')

function test_humaneval()
local candidate = count_vowels
    lu.assertEquals(candidate("banana"), 3)
    lu.assertEquals(candidate("rhythm"), 0)
    lu.assertEquals(candidate("queue"), 4)
end

os.exit(lu.LuaUnit.run())
