def is_palindrome(s):
    retu (

def check(candidate):
    assert candidate("aba") == True
    assert candidate("ab") == False
    assert candidate("zz") == True

def test_check():
    check(is_palindrome)

test_check()
