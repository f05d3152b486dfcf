def factorial(n):
    result = 1
    for i in range(2, n + 1): (

def check(candidate):
    assert candidate(0) == 1
    assert candidate(5) == 120
    assert candidate(6) == 720

def test_check():
    check(factorial)

test_check()
