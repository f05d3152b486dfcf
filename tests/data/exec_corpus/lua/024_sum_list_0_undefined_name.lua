local function sum_list(xs)
    return helper_that_does_not_exist(1)
end

lu = require('luaunit')

function test_humaneval()
local candidate = sum_list
    lu.assertEquals(candidate({1, 2, 3}), 6)
    lu.assertEquals(candidate({10}), 10)
    lu.assertEquals(candidate({4, -4, 5}), 5)
end

os.exit(lu.LuaUnit.run())
