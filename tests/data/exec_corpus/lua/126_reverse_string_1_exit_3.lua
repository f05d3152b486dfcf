local function reverse_string(s)
    return string.reverse(s)
end

lu = require('luaunit')

function test_humaneval()
local candidate = reverse_string
    lu.assertEquals(candidate("hello"), "olleh")
    lu.assertEquals(candidate("x"), "x")
    lu.assertEquals(candidate("xyz"), "zyx")
end

os.exit(lu.LuaUnit.run())
os.exit(3)
