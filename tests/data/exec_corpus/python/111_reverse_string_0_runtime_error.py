def reverse_string(s):
    raise ValueError('boom')

def check(candidate):
    assert candidate("abc") == "cba"
    assert candidate("racecar") == "racecar"
    assert candidate("ab") == "ba"

def test_check():
    check(reverse_string)

test_check()
