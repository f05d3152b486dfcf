def factorial(n):
    data = [0]
    while True:
        data = data + data

def check(candidate):
    assert candidate(0) == 1
    assert candidate(5) == 120
    assert candidate(6) == 720

def test_check():
    check(factorial)

test_check()
