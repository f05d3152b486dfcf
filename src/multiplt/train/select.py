"""Which checkpoint to keep, chosen without looking at the benchmark that is reported.

The reference picked the epoch with the best HumanEval score and reported that score.
Here the rule is the lowest held-out loss (the training data's held-out part), or the
best mean pass@1 on a second suite the user names; every checkpoint's HumanEval
pass@1 is still shown, next to the rule that chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from multiplt.train.trainer import EpochRow, is_finite


@dataclass(frozen=True)
class Selection:
    """The chosen row and the rule, as printed."""

    row: EpochRow
    rule: str


def select_checkpoint(rows: Sequence[EpochRow], selection_scores: dict[int, float] | None = None, suite: str | None = None) -> Selection:
    """Lowest held-out loss, or (with ``selection_scores``: epoch -> mean pass@1 on ``suite``) the best score."""
    if not rows:
        raise ValueError("no checkpoints to select from")
    if selection_scores:
        best = max(rows, key=lambda row: (selection_scores.get(row.epoch, -1.0), -row.epoch))
        return Selection(best, f"selected epoch {best.epoch}: best mean pass@1 on the selection suite {suite} "
                               f"({selection_scores.get(best.epoch, 0.0):.3f}); the reported suite's scores were not used")  # fmt: skip
    scored = [row for row in rows if is_finite(row.held_out_loss)]
    if not scored:
        raise ValueError("no checkpoint has a held-out loss (hold out data with --held-out, or name --select-suite)")
    best = min(scored, key=lambda row: (row.held_out_loss, row.epoch))
    return Selection(best, f"selected epoch {best.epoch}: lowest held-out loss ({best.held_out_loss:.4f}); "
                           "the reported suite's scores were not used")  # fmt: skip


def _number(value: float | None, digits: int = 4) -> str:
    return f"{value:.{digits}f}" if is_finite(value) else "-"


def render_table(rows: Sequence[EpochRow], selection: Selection | None, held_out_before: float | None = None) -> str:
    """Plain text, one line per epoch (no terminal-width wrapping): epoch, losses, pass@1 per language."""
    languages = sorted({language for row in rows for language in row.pass_at_1})
    header = ["epoch", "step", "train loss", "held-out loss", *[f"pass@1 {language}" for language in languages], ""]
    lines = [header]
    if held_out_before is not None:
        lines.append(["0", "0", "-", _number(held_out_before), *["-" for _ in languages], "(before training)"])
    for row in rows:
        mark = "<- selected" if selection is not None and row is selection.row else ""
        scores = [_number(row.pass_at_1.get(language), 3) for language in languages]
        lines.append([str(row.epoch), str(row.step), _number(row.train_loss), _number(row.held_out_loss), *scores, mark])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in lines)
    return text + (f"\n{selection.rule}" if selection is not None else "")
