local function sum_list(xs)
    local total = 0
    for _, x in ipairs(xs) do
        to (

lu = require('luaunit')

function test_humaneval()
local candidate = sum_list
    lu.assertEquals(candidate({7, 8}), 15)
    lu.assertEquals(candidate({1, 1, 1, 1}), 4)
    lu.assertEquals(candidate({-2, 9}), 7)
end

os.exit(lu.LuaUnit.run())
