local function factorial(n)
    if n <= 1 then return 1 end
    return n * factorial(n - 1)
end

io.stderr:write("a note on stderr\n")
lu = require('luaunit')

function test_humaneval()
local candidate = factorial
    lu.assertEquals(candidate(0), 1)
    lu.assertEquals(candidate(5), 120)
    lu.assertEquals(candidate(6), 720)
end

os.exit(lu.LuaUnit.run())
