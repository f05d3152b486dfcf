local function factorial(n)
    local s = 'x'
    while true do s = s .. s end
end

lu = require('luaunit')

function test_humaneval()
local candidate = factorial
    lu.assertEquals(candidate(0), 1)
    lu.assertEquals(candidate(5), 120)
    lu.assertEquals(candidate(6), 720)
end

os.exit(lu.LuaUnit.run())
