"""OutputCapture: bounded memory whatever the output, head and tail kept."""

from __future__ import annotations

from multiplt.sandbox.capture import OutputCapture


def test_short_output_is_kept_whole() -> None:
    capture = OutputCapture(keep=100, budget=1000)
    capture.feed(b"hello\n")
    assert capture.text() == "hello\n"


def test_long_output_keeps_start_and_end_and_says_how_much_was_cut() -> None:
    capture = OutputCapture(keep=10, budget=10_000)
    capture.feed(b"START" + b"x" * 1000 + b"END!!")
    text = capture.text()
    assert (text[:5], text[-5:]) == ("START", "END!!")
    assert "[1000 bytes cut]" in text


def test_feed_reports_going_over_budget() -> None:
    capture = OutputCapture(keep=10, budget=100)
    assert capture.feed(b"x" * 100) is True
    assert capture.feed(b"x") is False


def test_memory_stays_bounded_on_a_flood() -> None:
    capture = OutputCapture(keep=10, budget=1 << 40)
    for _ in range(200):
        capture.feed(b"y" * 65536)
    assert capture.total == 200 * 65536
    assert len(capture.classify_text()) < 40_000


def test_error_at_the_end_of_long_output_is_still_read_for_the_status() -> None:
    capture = OutputCapture(keep=10, budget=1 << 30)
    capture.feed(b"frame\n" * 100_000 + b"AssertionError\n")
    assert "AssertionError" in capture.classify_text()


def test_split_utf8_character_does_not_raise() -> None:
    capture = OutputCapture(keep=100, budget=1000)
    capture.feed("é".encode()[:1])
    assert capture.text() == "\ufffd"
