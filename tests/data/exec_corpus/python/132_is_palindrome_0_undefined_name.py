def is_palindrome(s):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate("aba") == True
    assert candidate("ab") == False
    assert candidate("zz") == True

def test_check():
    check(is_palindrome)

test_check()
