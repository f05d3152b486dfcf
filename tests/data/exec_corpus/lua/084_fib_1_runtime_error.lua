local function fib(n)
    return nil + 1
end

lu = require('luaunit')

function test_humaneval()
local candidate = fib
    lu.assertEquals(candidate(2), 1)
    lu.assertEquals(candidate(7), 13)
    lu.assertEquals(candidate(15), 610)
end

os.exit(lu.LuaUnit.run())
