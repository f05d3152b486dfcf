"""Run untrusted programs in isolation, with limits, fast."""

from multiplt.sandbox.verdict import Program, Status, Verdict

__all__ = ["Program", "Status", "Verdict"]
