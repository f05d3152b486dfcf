def add_ten(x):
    return x + 10

def check(candidate):
    assert candidate(0) == 10
    assert candidate(100) == 110
    assert candidate(7) == 18

def test_check():
    check(add_ten)

test_check()
