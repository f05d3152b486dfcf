def factorial(n):
    result = 1
    for i in range(2, n + 1):
        result *= i
    return result

def check(candidate):
    assert candidate(1) == 1
    assert candidate(3) == 6
    assert candidate(10) == 3628800

def test_check():
    check(factorial)

test_check()
