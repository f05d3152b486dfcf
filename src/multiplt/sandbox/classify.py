"""From how a run ended to its Verdict: one rule for every isolation method.

The language module classifies a finished run as MultiPL-E does (``Language.status``).
The sandbox decides what the language cannot know: that the run was stopped for time
(Timeout), ran out of its memory (MemoryLimit, by the runtime's own report: the
language module's ``memory_markers``), printed past its output budget, or that
the sandbox itself failed (SandboxError). The last comes from the sandbox's own word
(``sandbox_started``), never from the output: a program may print ``bwrap: ...`` too.
"""

from __future__ import annotations

import signal

from multiplt.languages.base import Language
from multiplt.program import Status, Verdict
from multiplt.sandbox.capture import OutputCapture
from multiplt.sandbox.limits import Limits

TIMEOUT_EXIT_CODE = -1


def killed_by(exit_code: int, sig: int) -> bool:
    """Whether ``exit_code`` (a negative signal, or 128 + signal from bubblewrap) is ``sig``."""
    return exit_code in (128 + sig, -sig)


def memory_exhausted(language: Language, exit_code: int, stderr: str) -> bool:
    """Whether a failed run died for want of memory: its runtime's own out-of-memory
    report (``language.memory_markers``, what it prints when an allocation fails under
    the address-space limit).

    Read from stderr only, where every runtime reports it: a program printing the
    word ``MemoryError`` on stdout has not run out of memory.
    """
    return exit_code != 0 and any(marker in stderr for marker in language.memory_markers)


def decide(
    language: Language,
    limits: Limits,
    exit_code: int,
    stdout: OutputCapture,
    stderr: OutputCapture,
    seconds: float,
    *,
    timed_out: bool,
    sandbox_started: bool = True,
    filled: tuple[str, ...] = (),
) -> Verdict:
    """The verdict of one run, given how it ended and its captured output.

    ``sandbox_started``: whether the sandbox got as far as running the command (a warm
    worker's programs always did); when not, the run is a SandboxError. ``filled``: the
    writable folders the program filled to their cap; a run that did fails (Exception),
    whether or not its runtime noticed the failed write.
    """
    out_text, err_text = stdout.text(), stderr.text()
    if timed_out:
        return Verdict(Status.TIMEOUT, TIMEOUT_EXIT_CODE, out_text, err_text, seconds)
    if stdout.exceeded or stderr.exceeded:
        note = f"\nmultiplt: output over {limits.output_budget_bytes} bytes on one stream; killed"
        return Verdict(Status.EXCEPTION, exit_code if exit_code else -1, out_text, err_text + note, seconds)
    full_out, full_err = stdout.classify_text(), stderr.classify_text()
    if not sandbox_started:
        return Verdict(Status.SANDBOX_ERROR, exit_code, out_text, err_text, seconds)
    if filled:
        note = f"\nmultiplt: wrote {limits.max_file_mb} MB, the cap, to {', '.join(filled)}"
        return Verdict(Status.EXCEPTION, exit_code if exit_code else -1, out_text, err_text + note, seconds)
    if killed_by(exit_code, signal.SIGXCPU):  # only RLIMIT_CPU sends it
        return Verdict(Status.TIMEOUT, exit_code, out_text, err_text, seconds)
    status = language.status(exit_code, full_out, full_err)
    if status is not Status.OK and memory_exhausted(language, exit_code, full_err):
        status = Status.MEMORY_LIMIT
    return Verdict(status, exit_code, out_text, err_text, seconds)
