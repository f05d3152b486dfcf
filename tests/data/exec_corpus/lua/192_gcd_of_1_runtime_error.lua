local function gcd_of(a, b)
    local t = nil
    return t.x
end

lu = require('luaunit')

function test_humaneval()
local candidate = gcd_of
    lu.assertEquals(candidate(9, 6), 3)
    lu.assertEquals(candidate(21, 14), 7)
    lu.assertEquals(candidate(5, 5), 5)
end

os.exit(lu.LuaUnit.run())
