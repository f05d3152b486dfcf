def count_greater(xs, t):
    return len([x for x in xs if x > t])

import sys
print("a note on stderr", file=sys.stderr)
def check(candidate):
    assert candidate([1, 5, 3], 2) == 2
    assert candidate([1, 2], 5) == 0
    assert candidate([9, 9, 9], 8) == 3

def test_check():
    check(count_greater)

test_check()
