def count_vowels(s):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate("banana") == 3
    assert candidate("rhythm") == 0
    assert candidate("queue") == 4

def test_check():
    check(count_vowels)

test_check()
