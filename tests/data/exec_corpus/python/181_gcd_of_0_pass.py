def gcd_of(a, b):
    while b:
        a, b = b, a % b
    return a

def check(candidate):
    assert candidate(12, 18) == 6
    assert candidate(7, 3) == 1
    assert candidate(100, 75) == 25

def test_check():
    check(gcd_of)

test_check()
