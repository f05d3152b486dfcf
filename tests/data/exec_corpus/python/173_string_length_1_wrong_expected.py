def string_length(s):
    return len(s)

def check(candidate):
    assert candidate("x") == 1
    assert candidate("four") == 4
    assert candidate("twelve chars") == 13

def test_check():
    check(string_length)

test_check()
