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
    lu.assertEquals(candidate({1, 5, 3}), 5)
    lu.assertEquals(candidate({-1, -7}), -1)
    lu.assertEquals(candidate({4}), 4)
end

os.exit(lu.LuaUnit.run())
