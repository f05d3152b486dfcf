def sum_list(xs):
    return helper_that_does_not_exist(1)

def check(candidate):
    assert candidate([1, 2, 3]) == 6
    assert candidate([10]) == 10
    assert candidate([4, -4, 5]) == 5

def test_check():
    check(sum_list)

test_check()
