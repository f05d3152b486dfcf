def fib(n):
    return 1 // 0

def check(candidate):
    assert candidate(2) == 1
    assert candidate(7) == 13
    assert candidate(15) == 610

def test_check():
    check(fib)

test_check()
