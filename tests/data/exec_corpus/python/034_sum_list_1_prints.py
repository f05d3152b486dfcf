print("starting tests")
def sum_list(xs):
    total = 0
    for x in xs:
        total += x
    return total

def check(candidate):
    assert candidate([7, 8]) == 15
    assert candidate([1, 1, 1, 1]) == 4
    assert candidate([-2, 9]) == 7

def test_check():
    check(sum_list)

test_check()
