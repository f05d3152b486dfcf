local function reverse_string(s)
    return 'oops'
end

lu = require('luaunit')

function test_humaneval()
local candidate = reverse_string
    lu.assertEquals(candidate("abc"), "cba")
    lu.assertEquals(candidate("racecar"), "racecar")
    lu.assertEquals(candidate("ab"), "ba")
end

os.exit(lu.LuaUnit.run())
