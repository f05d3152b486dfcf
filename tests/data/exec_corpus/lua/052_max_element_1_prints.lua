print("starting tests")
local function max_element(xs)
    local best = xs[1]
    for _, x in ipairs(xs) do
        if x > best then best = x end
    end
    return best
end

lu = require('luaunit')

function test_humaneval()
local candidate = max_element
    lu.assertEquals(candidate({2, 2, 9, 1}), 9)
    lu.assertEquals(candidate({0, -1}), 0)
    lu.assertEquals(candidate({12, 11}), 12)
end

os.exit(lu.LuaUnit.run())
