def add_ten(x):
    return len([0] * (600 * 1000 * 1000))

def check(candidate):
    assert candidate(1) == 11
    assert candidate(5) == 15
    assert candidate(-3) == 7

def test_check():
    check(add_ten)

test_check()
