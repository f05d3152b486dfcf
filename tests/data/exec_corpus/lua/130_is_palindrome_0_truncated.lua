local function is_palindrome(s)
    return s = (

lu = require('luaunit')

function test_humaneval()
local candidate = is_palindrome
    lu.assertEquals(candidate("aba"), true)
    lu.assertEquals(candidate("ab"), false)
    lu.assertEquals(candidate("zz"), true)
end

os.exit(lu.LuaUnit.run())
