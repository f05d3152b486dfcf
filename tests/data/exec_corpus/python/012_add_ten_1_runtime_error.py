def add_ten(x):
    return [][1]

def check(candidate):
    assert candidate(0) == 10
    assert candidate(100) == 110
    assert candidate(7) == 17

def test_check():
    check(add_ten)

test_check()
