local function is_palindrome(s)
    return s == string.reverse(s)
end

lu = require('luaunit')

function test_humaneval()
local candidate = is_palindrome
    lu.assertEquals(candidate("racecar"), true)
    lu.assertEquals(candidate("abca"), false)
    lu.assertEquals(candidate("q"), false)
end

os.exit(lu.LuaUnit.run())
