"""Capped capture of a program's output: gigabytes printed cost a bounded read."""

from __future__ import annotations

_CLASSIFY_BYTES = 16 * 1024  # head and tail kept for reading the verdict off the output


class OutputCapture:
    """Collects one output stream, keeping its head and tail, counting the rest.

    ``feed`` returns False once more than ``budget`` bytes arrived: the caller then kills
    the program. ``text()`` is what a verdict reports: the whole output when it fits in
    ``keep`` bytes, else its start and end around a note saying how much was cut.
    ``classify_text()`` keeps more (16 KB each end) so an error at the end of a long
    traceback still decides the status.
    """

    def __init__(self, keep: int, budget: int) -> None:
        self.keep = keep
        self.budget = budget
        self.total = 0
        self._head = bytearray()
        self._tail = bytearray()

    @property
    def exceeded(self) -> bool:
        """Whether more than the budget arrived."""
        return self.total > self.budget

    def feed(self, data: bytes) -> bool:
        """Take one chunk; False when the stream went over its budget."""
        self.total += len(data)
        room = _CLASSIFY_BYTES - len(self._head)
        if room > 0:
            self._head += data[:room]
            data = data[room:]
        if data:
            self._tail += data
            del self._tail[: max(0, len(self._tail) - _CLASSIFY_BYTES)]
        return not self.exceeded

    def text(self) -> str:
        """The output as a verdict reports it: at most about ``keep`` bytes."""
        whole = self._whole()
        if whole is not None and len(whole) <= self.keep:
            return whole.decode("utf-8", errors="replace")
        half = self.keep // 2
        start = bytes(self._head[:half]).decode("utf-8", errors="replace")
        end_bytes = bytes(self._tail or self._head)[-half:]
        end = end_bytes.decode("utf-8", errors="replace")
        return f"{start}\n...[{self.total - 2 * half} bytes cut]...\n{end}"

    def classify_text(self) -> str:
        """Head and tail of the output (16 KB each), for reading the status from."""
        whole = self._whole()
        if whole is not None:
            return whole.decode("utf-8", errors="replace")
        return (bytes(self._head) + b"\n...\n" + bytes(self._tail)).decode("utf-8", errors="replace")

    def _whole(self) -> bytes | None:
        """All the output when nothing of it was dropped, else None."""
        if self.total == len(self._head) + len(self._tail):
            return bytes(self._head + self._tail)
        return None
