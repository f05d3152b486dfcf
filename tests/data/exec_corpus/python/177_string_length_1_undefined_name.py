def string_length(s):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate("x") == 1
    assert candidate("four") == 4
    assert candidate("twelve chars") == 12

def test_check():
    check(string_length)

test_check()
