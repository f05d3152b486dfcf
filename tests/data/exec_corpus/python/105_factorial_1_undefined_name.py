def factorial(n):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate(1) == 1
    assert candidate(3) == 6
    assert candidate(10) == 3628800

def test_check():
    check(factorial)

test_check()
