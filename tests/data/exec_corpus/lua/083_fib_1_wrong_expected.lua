local function fib(n)
    local a, b = 0, 1
    for _ = 1, n do
        a, b = b, a + b
    end
    return a
end

lu = require('luaunit')

function test_humaneval()
local candidate = fib
    lu.assertEquals(candidate(2), 1)
    lu.assertEquals(candidate(7), 13)
    lu.assertEquals(candidate(15), 611)
end

os.exit(lu.LuaUnit.run())
