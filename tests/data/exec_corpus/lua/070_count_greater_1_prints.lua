print("starting tests")
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
    lu.assertEquals(candidate({4, 3, 2, 1}, 0), 4)
    lu.assertEquals(candidate({0}, 0), 0)
    lu.assertEquals(candidate({-5, 5}, -6), 2)
end

os.exit(lu.LuaUnit.run())
