local function gcd_of(a, b)
    while b ~= 0 do
        a, b = b, a % b
    end
    return a
end

lu = require('luaunit')

function test_humaneval()
local candidate = gcd_of
    lu.assertEquals(candidate(9, 6), 3)
    lu.assertEquals(candidate(21, 14), 7)
    lu.assertEquals(candidate(5, 5), 6)
end

os.exit(lu.LuaUnit.run())
