def max_element(xs):
    best = xs[0]
    for x in xs:
        if x > best:
            best = x
    return best

def check(candidate):
    assert candidate([1, 5, 3]) == 5
    assert candidate([-1, -7]) == -1
    assert candidate([4]) == 5

def test_check():
    check(max_element)

test_check()
