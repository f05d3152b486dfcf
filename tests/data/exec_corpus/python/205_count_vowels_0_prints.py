print("starting tests")
def count_vowels(s):
    return sum(1 for c in s if c in 'aeiou')

def check(candidate):
    assert candidate("hello") == 2
    assert candidate("sky") == 0
    assert candidate("aeiou") == 5

def test_check():
    check(count_vowels)

test_check()
