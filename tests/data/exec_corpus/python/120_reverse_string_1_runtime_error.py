def reverse_string(s):
    raise ValueError('boom')

def check(candidate):
    assert candidate("hello") == "olleh"
    assert candidate("x") == "x"
    assert candidate("xyz") == "zyx"

def test_check():
    check(reverse_string)

test_check()
