"""Runs inside the Python sandbox, not imported: the passing tests under coverage.py,
with the type of every argument and result seen.

The host appends ``main(<spec>)``. The spec holds ``program`` (the function's program),
``name``, ``lines`` (first and last line of the function's body in ``program``) and
``tests`` ([arguments source, expected source] pairs). The function's own output is
swallowed; the one line this prints is ``MULTIPLT-MEASURE <json>`` with the statement,
line and branch counts and, per test, the index of its signature (argument shapes and
result shape) or -1 when it did not pass here.
"""

import contextlib
import io
import json
import os
import sys

_MAX_ITEMS = 200  # elements of one container looked at for its element types
_MAX_DEPTH = 12


def shape(value, depth=0):
    """The type of ``value`` as JSON: "int", ["list", [element shapes]], ["other", name]."""
    kind = type(value)
    if value is None:
        return "none"
    if kind in (bool, int, float, str):
        return kind.__name__
    if depth > _MAX_DEPTH:
        return ["other", "too deep"]
    if kind is tuple:
        if len(value) > _MAX_ITEMS:
            return ["other", "long tuple"]
        return ["tuple", [shape(item, depth + 1) for item in value]]
    if kind in (list, set, frozenset):
        return ["list" if kind is list else "set", distinct(shape(item, depth + 1) for item in list(value)[:_MAX_ITEMS])]
    if kind is dict:
        pairs = list(value.items())[:_MAX_ITEMS]
        return ["dict", distinct(shape(key, depth + 1) for key, _ in pairs), distinct(shape(item, depth + 1) for _, item in pairs)]
    return ["other", kind.__name__]


def distinct(shapes):
    """Shapes without repeats, in first-seen order."""
    seen, kept = set(), []
    for item in shapes:
        text = json.dumps(item)
        if text not in seen:
            seen.add(text)
            kept.append(item)
    return kept


def run_tests(spec, path, namespace):
    """Define the function, run each test; (signature texts, per-test signature index)."""
    signatures, per_test = [], []
    exec(compile(spec["program"], path, "exec"), namespace)
    function = namespace[spec["name"]]
    for arguments_source, expected_source in spec["tests"]:
        try:
            arguments = eval(arguments_source, namespace)
            argument_shapes = [shape(argument) for argument in arguments]
            result = function(*arguments)
            result_shape = shape(result)
            passed = bool(result == eval(expected_source, namespace))
        except BaseException:  # noqa: BLE001 - SystemExit included: the test did not pass here
            passed = False
        if not passed:
            per_test.append(-1)
            continue
        text = json.dumps([argument_shapes, result_shape])
        if text not in signatures:
            signatures.append(text)
        per_test.append(signatures.index(text))
    return signatures, per_test


def main(spec):
    path = os.path.abspath("function_under_test.py")
    with open(path, "w") as handle:
        handle.write(spec["program"])
    import coverage

    measured = coverage.Coverage(data_file=None, branch=True, config_file=False, include=[path])
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        measured.start()
        try:
            signatures, per_test = run_tests(spec, path, namespace)
        finally:
            measured.stop()
        measured.json_report(outfile="coverage.json")
    with open("coverage.json") as handle:
        files = json.load(handle)["files"]
    report = next(iter(files.values()))
    first, last = spec["lines"]
    executed, missing = set(report["executed_lines"]), set(report["missing_lines"])
    own = [line for line in executed | missing if first <= line <= last]
    taken = [arc for arc in report.get("executed_branches", []) if first <= arc[0] <= last]
    not_taken = [arc for arc in report.get("missing_branches", []) if first <= arc[0] <= last]
    result = {
        "statements": len(own),
        "executed": len([line for line in own if line in executed]),
        "branches": len(taken) + len(not_taken),
        "branches_taken": len(taken),
        "file_statements": len(executed | missing),
        "file_executed": len(executed),
        "signatures": [json.loads(text) for text in signatures],
        "per_test": per_test,
    }
    sys.__stdout__.write("MULTIPLT-MEASURE " + json.dumps(result, separators=(",", ":")) + "\n")
    sys.__stdout__.flush()
