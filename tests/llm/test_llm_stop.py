"""Client-side stop truncation follows MultiPL-E: cut at the earliest stop sequence."""

from multiplt.llm import truncate_at_stop


def test_cuts_at_the_earliest_of_several_stop_sequences() -> None:
    text = "  return x\nend\n\nfunction g()\nlocal y"
    assert truncate_at_stop(text, ["\nlocal", "\nfunction", "\n\n"]) == "  return x\nend"


def test_earliest_position_wins_over_list_order() -> None:
    assert truncate_at_stop("a;b#c", ["#", ";"]) == "a"


def test_text_without_stop_sequences_is_unchanged() -> None:
    assert truncate_at_stop("x = 1\ny = 2", ["\n\n"]) == "x = 1\ny = 2"


def test_stop_at_the_very_start_gives_empty_text() -> None:
    assert truncate_at_stop("\n\nrest", ["\n\n"]) == ""


def test_empty_stop_sequence_is_ignored() -> None:
    assert truncate_at_stop("abc", ["", "c"]) == "ab"


def test_no_stop_sequences_keeps_everything() -> None:
    assert truncate_at_stop("abc\n\n", []) == "abc\n\n"
