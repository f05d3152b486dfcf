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
    lu.assertEquals(candidate({2, 4, 5}), {2, 4})
    lu.assertEquals(candidate({10, 11, 12}), {10, 12})
    lu.assertEquals(candidate({0, 1}), {0})
end

os.exit(lu.LuaUnit.run())
os.exit(3)
