def reverse_string(s):
    return s[::-1]

def check(candidate):
    assert candidate("hello") == "olleh"
    assert candidate("x") == "x"
    assert candidate("xyz") == "zyx"

def test_check():
    check(reverse_string)

test_check()
