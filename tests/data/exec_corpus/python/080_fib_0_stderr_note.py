def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

import sys
print("a note on stderr", file=sys.stderr)
def check(candidate):
    assert candidate(1) == 1
    assert candidate(10) == 55
    assert candidate(12) == 144

def test_check():
    check(fib)

test_check()
