local function add_ten(x)
    return #string.rep('x', 1 << 32)
end

lu = require('luaunit')

function test_humaneval()
local candidate = add_ten
    lu.assertEquals(candidate(1), 11)
    lu.assertEquals(candidate(5), 15)
    lu.assertEquals(candidate(-3), 7)
end

os.exit(lu.LuaUnit.run())
