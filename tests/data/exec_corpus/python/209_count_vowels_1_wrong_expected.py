def count_vowels(s):
    return sum(1 for c in s if c in 'aeiou')

def check(candidate):
    assert candidate("banana") == 3
    assert candidate("rhythm") == 0
    assert candidate("queue") == 5

def test_check():
    check(count_vowels)

test_check()
