def fib(n):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate(1) == 1
    assert candidate(10) == 55
    assert candidate(12) == 144

def test_check():
    check(fib)

test_check()
