local function count_greater(xs, t)
    return helper_that_does_not_exist(1)
end

lu = require('luaunit')

function test_humaneval()
local candidate = count_greater
    lu.assertEquals(candidate({4, 3, 2, 1}, 0), 4)
    lu.assertEquals(candidate({0}, 0), 0)
    lu.assertEquals(candidate({-5, 5}, -6), 2)
end

os.exit(lu.LuaUnit.run())
