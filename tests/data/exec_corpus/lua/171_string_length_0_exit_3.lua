local function string_length(s)
    return #s
end

lu = require('luaunit')

function test_humaneval()
local candidate = string_length
    lu.assertEquals(candidate(""), 0)
    lu.assertEquals(candidate("abc"), 3)
    lu.assertEquals(candidate("hello world"), 11)
end

os.exit(lu.LuaUnit.run())
os.exit(3)
