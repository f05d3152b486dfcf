def filter_even(xs):
    return [x for x in xs if x % 2 == 0]

import sys
print("a note on stderr", file=sys.stderr)
def check(candidate):
    assert candidate([1, 2, 3, 4]) == [2, 4]
    assert candidate([6, 7]) == [6]
    assert candidate([8]) == [8]

def test_check():
    check(filter_even)

test_check()
