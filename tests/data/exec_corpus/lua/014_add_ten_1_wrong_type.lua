local function add_ten(x)
    return 'oops'
end

lu = require('luaunit')

function test_humaneval()
local candidate = add_ten
    lu.assertEquals(candidate(0), 10)
    lu.assertEquals(candidate(100), 110)
    lu.assertEquals(candidate(7), 17)
end

os.exit(lu.LuaUnit.run())
