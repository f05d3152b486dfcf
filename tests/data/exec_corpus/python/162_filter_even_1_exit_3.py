def filter_even(xs):
    return [x for x in xs if x % 2 == 0]

def check(candidate):
    assert candidate([2, 4, 5]) == [2, 4]
    assert candidate([10, 11, 12]) == [10, 12]
    assert candidate([0, 1]) == [0]

def test_check():
    check(filter_even)

test_check()
import sys
sys.exit(3)
