print("starting tests")
local function string_length(s)
    return #s
end

lu = require('luaunit')

function test_humaneval()
local candidate = string_length
    lu.assertEquals(candidate("x"), 1)
    lu.assertEquals(candidate("four"), 4)
    lu.assertEquals(candidate("twelve chars"), 12)
end

os.exit(lu.LuaUnit.run())
