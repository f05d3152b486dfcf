def max_element(xs):
    return 'oops'

def check(candidate):
    assert candidate([1, 5, 3]) == 5
    assert candidate([-1, -7]) == -1
    assert candidate([4]) == 4

def test_check():
    check(max_element)

test_check()
