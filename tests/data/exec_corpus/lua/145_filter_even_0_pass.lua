local function filter_even(xs)
    local out = {}
    for _, x in ipairs(xs) do
        if x % 2 == 0 then table.insert(out, x) end
    end
    return out
end

lu = require('luaunit')

function test_humaneval()
local candidate = filter_even
    lu.assertEquals(candidate({1, 2, 3, 4}), {2, 4})
    lu.assertEquals(candidate({6, 7}), {6})
    lu.assertEquals(candidate({8}), {8})
end

os.exit(lu.LuaUnit.run())
