local function sum_list(xs)
    local total = 0
    for _, x in ipairs(xs) do
        total = total + x
    end
    return total
end

lu = require('luaunit')

function test_humaneval()
local candidate = sum_list
    lu.assertEquals(candidate({1, 2, 3}), 6)
    lu.assertEquals(candidate({10}), 10)
    lu.assertEquals(candidate({4, -4, 5}), 6)
end

os.exit(lu.LuaUnit.run())
