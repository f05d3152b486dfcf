local function count_vowels(s)
    local _, n = string.gsub(s, '[aeiou]', '')
    return n
end

io.stderr:write("a note on stderr\n")
lu = require('luaunit')

function test_humaneval()
local candidate = count_vowels
    lu.assertEquals(candidate("banana"), 3)
    lu.assertEquals(candidate("rhythm"), 0)
    lu.assertEquals(candidate("queue"), 4)
end

os.exit(lu.LuaUnit.run())
