def is_palindrome(s):
    return s == s[::-1]

def check(candidate):
    assert candidate("aba") == True
    assert candidate("ab") == False
    assert candidate("zz") == True

def test_check():
    check(is_palindrome)

test_check()
import sys
sys.exit(3)
