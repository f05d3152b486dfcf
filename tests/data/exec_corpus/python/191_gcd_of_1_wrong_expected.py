def gcd_of(a, b):
    while b:
        a, b = b, a % b
    return a

def check(candidate):
    assert candidate(9, 6) == 3
    assert candidate(21, 14) == 7
    assert candidate(5, 5) == 6

def test_check():
    check(gcd_of)

test_check()
