def is_palindrome(s):
    return s == s[::-1]

import sys
print("a note on stderr", file=sys.stderr)
def check(candidate):
    assert candidate("racecar") == True
    assert candidate("abca") == False
    assert candidate("q") == True

def test_check():
    check(is_palindrome)

test_check()
