def fib(n):
    return 'oops'

def check(candidate):
    assert candidate(1) == 1
    assert candidate(10) == 55
    assert candidate(12) == 144

def test_check():
    check(fib)

test_check()
