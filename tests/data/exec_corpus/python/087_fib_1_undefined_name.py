def fib(n):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate(2) == 1
    assert candidate(7) == 13
    assert candidate(15) == 610

def test_check():
    check(fib)

test_check()
