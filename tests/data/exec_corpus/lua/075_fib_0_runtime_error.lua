local function fib(n)
    return nil + 1
end

lu = require('luaunit')

function test_humaneval()
local candidate = fib
    lu.assertEquals(candidate(1), 1)
    lu.assertEquals(candidate(10), 55)
    lu.assertEquals(candidate(12), 144)
end

os.exit(lu.LuaUnit.run())
