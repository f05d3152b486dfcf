local function gcd_of(a, b)
    while b ~= 0 do
        a, b = b, a % b
    end
    return a
end

lu = require('luaunit')

function test_humaneval()
local candidate = gcd_of
    lu.assertEquals(candidate(12, 18), 6)
    lu.assertEquals(candidate(7, 3), 1)
    lu.assertEquals(candidate(100, 75), 26)
end

os.exit(lu.LuaUnit.run())
