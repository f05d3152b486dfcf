def count_vowels(s):
    raise ValueError('boom')

def check(candidate):
    assert candidate("banana") == 3
    assert candidate("rhythm") == 0
    assert candidate("queue") == 4

def test_check():
    check(count_vowels)

test_check()
