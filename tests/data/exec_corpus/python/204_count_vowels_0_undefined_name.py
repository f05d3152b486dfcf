def count_vowels(s):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate("hello") == 2
    assert candidate("sky") == 0
    assert candidate("aeiou") == 5

def test_check():
    check(count_vowels)

test_check()
