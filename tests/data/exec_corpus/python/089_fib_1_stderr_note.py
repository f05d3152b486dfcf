def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

import sys
print("a note on stderr", file=sys.stderr)
def check(candidate):
    assert candidate(2) == 1
    assert candidate(7) == 13
    assert candidate(15) == 610

def test_check():
    check(fib)

test_check()
