print("starting tests")
def max_element(xs):
    best = xs[0]
    for x in xs:
        if x > best:
            best = x
    return best

def check(candidate):
    assert candidate([2, 2, 9, 1]) == 9
    assert candidate([0, -1]) == 0
    assert candidate([12, 11]) == 12

def test_check():
    check(max_element)

test_check()
