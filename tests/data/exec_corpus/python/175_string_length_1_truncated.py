def string_length(s): (

def check(candidate):
    assert candidate("x") == 1
    assert candidate("four") == 4
    assert candidate("twelve chars") == 12

def test_check():
    check(string_length)

test_check()
