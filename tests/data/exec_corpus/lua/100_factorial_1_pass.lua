local function factorial(n)
    if n <= 1 then return 1 end
    return n * factorial(n - 1)
end

lu = require('luaunit')

function test_humaneval()
local candidate = factorial
    lu.assertEquals(candidate(1), 1)
    lu.assertEquals(candidate(3), 6)
    lu.assertEquals(candidate(10), 3628800)
end

os.exit(lu.LuaUnit.run())
