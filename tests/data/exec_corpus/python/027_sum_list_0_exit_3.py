def sum_list(xs):
    total = 0
    for x in xs:
        total += x
    return total

def check(candidate):
    assert candidate([1, 2, 3]) == 6
    assert candidate([10]) == 10
    assert candidate([4, -4, 5]) == 5

def test_check():
    check(sum_list)

test_check()
import sys
sys.exit(3)
