"""Runs inside the Python sandbox, not imported: the function on candidate inputs, under coverage.py.

The host appends ``main(<spec>)``. The spec holds ``program``, ``name``, ``lines`` (first
and last line of the function's body), ``inputs`` (argument tuples as source: the
first ``baseline`` are the passing tests' own) and ``limit_s`` (seconds one call may
take), ``hash_seed`` (the run's PYTHONHASHSEED). Each input is called twice, each time on freshly evaluated arguments, in a
coverage context of its own. The one line printed is ``MULTIPLT-AUGMENT <json>``:
the body lines and arcs the baseline ran; the distinct footprints (lines, arcs) of
the other inputs that ran something more; per such input [its index after the
baseline, its footprint, the ``repr`` of its result]; and counts of the inputs left
out and why: ``raised``, ``slow`` (past ``limit_s``), ``differs`` (another result on
the second call), ``long`` (a ``repr`` too long for a test line), ``no_new_coverage``,
``alike`` (enough inputs with that footprint listed already, or the report is full).
"""

import contextlib
import io
import json
import os
import signal
import sys

_MAX_REPR = 200
_SPARES = 3
_MAX_REPORT = 12000  # characters: the sandbox keeps 16 KiB of output


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow()


def call(function, arguments_source, namespace, limit_s):
    """(``repr`` of the result on freshly evaluated arguments, None) or (None, why there is none)."""
    signal.setitimer(signal.ITIMER_REAL, limit_s)
    try:
        result = function(*eval(arguments_source, namespace))
        text = repr(result)
    except _TooSlow:
        return None, "slow"
    except BaseException:  # noqa: BLE001 - SystemExit included: no expected value
        return None, "raised"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return (text, None) if len(text) <= _MAX_REPR else (None, "long")


def with_hash_seed(seed):
    """Run this program again under PYTHONHASHSEED=seed unless it already is (same process, new interpreter).

    Two runs with different seeds tell apart a result that depends on the order of a
    set of strings; warm workers fork from one interpreter and would share its seed.
    """
    if os.environ.get("PYTHONHASHSEED") == str(seed):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, os.path.abspath(sys.argv[0])], {**os.environ, "PYTHONHASHSEED": str(seed)})


def main(spec):
    with_hash_seed(spec["hash_seed"])
    path = os.path.abspath("function_under_test.py")
    with open(path, "w") as handle:
        handle.write(spec["program"])
    import coverage

    signal.signal(signal.SIGALRM, _alarm)
    measured = coverage.Coverage(data_file=None, branch=True, config_file=False, include=[path])
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    results = []
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        measured.start()
        try:
            exec(compile(spec["program"], path, "exec"), namespace)
            function = namespace[spec["name"]]
            for index, arguments_source in enumerate(spec["inputs"]):
                measured.switch_context(f"input-{index}")
                first, why = call(function, arguments_source, namespace, spec["limit_s"])
                if first is not None:
                    second, why = call(function, arguments_source, namespace, spec["limit_s"])
                    if second != first:
                        first, why = None, why or "differs"
                results.append((first, why))
        finally:
            measured.stop()
    data = measured.get_data()
    low, high = spec["lines"]
    baseline = spec["baseline"]
    footprints, ids, covered_lines, covered_arcs = [], {}, set(), set()
    listed, per_footprint, skipped, size = [], {}, {}, 0
    for index, (result, why) in enumerate(results):
        data.set_query_contexts([f"^input-{index}$"])  # patterns, searched
        lines = sorted(line for line in data.lines(path) or [] if low <= line <= high)
        arcs = sorted((a, b) for a, b in data.arcs(path) or [] if low <= a <= high)
        if index < baseline:
            covered_lines.update(lines)
            covered_arcs.update(arcs)
            continue
        if result is None:
            skipped[why] = skipped.get(why, 0) + 1
            continue
        if set(lines) <= covered_lines and set(arcs) <= covered_arcs:
            skipped["no_new_coverage"] = skipped.get("no_new_coverage", 0) + 1
            continue
        key = json.dumps([lines, arcs])
        if key not in ids:
            ids[key] = len(footprints)
            footprints.append([lines, [list(arc) for arc in arcs]])
            size += len(key)
        footprint = ids[key]
        # Inputs of one footprint are alike for coverage; a few spares suffice. The output is capped.
        if per_footprint.get(footprint, 0) >= _SPARES or size + len(result) > _MAX_REPORT:
            skipped["alike"] = skipped.get("alike", 0) + 1
            continue
        per_footprint[footprint] = per_footprint.get(footprint, 0) + 1
        size += len(result) + 16
        listed.append([index - baseline, footprint, result])
    report = {
        "baseline": [sorted(covered_lines), sorted(list(arc) for arc in covered_arcs)],
        "footprints": footprints,
        "inputs": listed,
        "skipped": skipped,
    }
    sys.__stdout__.write("MULTIPLT-AUGMENT " + json.dumps(report, separators=(",", ":")) + "\n")
    sys.__stdout__.flush()
