def gcd_of(a, b):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate(9, 6) == 3
    assert candidate(21, 14) == 7
    assert candidate(5, 5) == 5

def test_check():
    check(gcd_of)

test_check()
