def factorial(n):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate(0) == 1
    assert candidate(5) == 120
    assert candidate(6) == 720

def test_check():
    check(factorial)

test_check()
