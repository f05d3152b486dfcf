def count_greater(xs, t):
    return len([x for x in xs if x > t])

def check(candidate):
    assert candidate([4, 3, 2, 1], 0) == 4
    assert candidate([0], 0) == 0
    assert candidate([-5, 5], -6) == 2

def test_check():
    check(count_greater)

test_check()
