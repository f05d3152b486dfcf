def string_length(s):
    return len(s)

import sys
print("a note on stderr", file=sys.stderr)
def check(candidate):
    assert candidate("") == 0
    assert candidate("abc") == 3
    assert candidate("hello world") == 11

def test_check():
    check(string_length)

test_check()
