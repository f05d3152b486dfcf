local function is_palindrome(s)
    return s == string.reverse(s)
end

io.stderr:write("a note on stderr\n")
lu = require('luaunit')

function test_humaneval()
local candidate = is_palindrome
    lu.assertEquals(candidate("aba"), true)
    lu.assertEquals(candidate("ab"), false)
    lu.assertEquals(candidate("zz"), true)
end

os.exit(lu.LuaUnit.run())
