local function is_palindrome(s)
    return helper_that_does_not_exist(1)
end

lu = require('luaunit')

function test_humaneval()
local candidate = is_palindrome
    lu.assertEquals(candidate("racecar"), true)
    lu.assertEquals(candidate("abca"), false)
    lu.assertEquals(candidate("q"), true)
end

os.exit(lu.LuaUnit.run())
