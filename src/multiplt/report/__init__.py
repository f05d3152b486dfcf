"""The run report: one self-contained ``report.html`` with the funnel, plots and sample items.

``write_report(run_dir)`` reads a run folder (finished, partial or broken) and writes
``run_dir/report.html``; see ``docs/architecture.md``.
"""

from multiplt.report.render import REPORT_FILE, build_html, write_report

__all__ = ["REPORT_FILE", "build_html", "write_report"]
