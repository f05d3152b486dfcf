local function count_greater(xs, t)
    local n = 0
    for _, x in ipairs(xs) do
        if x > t then n = n + 1 end
    end
    return n
end

lu = require('luaunit')

function test_humaneval()
local candidate = count_greater
    lu.assertEquals(candidate({1, 5, 3}, 2), 2)
    lu.assertEquals(candidate({1, 2}, 5), 0)
    lu.assertEquals(candidate({9, 9, 9}, 8), 3)
end

os.exit(lu.LuaUnit.run())
