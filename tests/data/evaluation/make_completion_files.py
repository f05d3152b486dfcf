"""Writes the completion files the evaluation tests score (run once; the files are committed).

For every language, in ``completions/<code>/``:
- ``HumanEval_23_strlen.json.gz``, as `multiplt eval generate` writes it (a ``model``
  field, our language code): completions [correct, wrong, syntax error, timeout];
- ``HumanEval_53_add.json.gz``, exactly MultiPL-E's own fields and key order:
  completions [wrong, correct, correct].
So per language: pass@1 = (1/4 + 2/3) / 2 = 11/24.

Usage: python tests/data/evaluation/make_completion_files.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

HERE = Path(__file__).parent

STRLEN = {
    "lua": {
        "prompt": "-- Return length of given string\n-- >>> strlen('abc')\n-- 3\nlocal function strlen(string)\n",
        "completions": ["    return #string\nend\n", "    return 0\nend\n", "    return #string +\nend\n", "    while true do end\nend\n"],
        "tests": "lu = require('luaunit')\n\nfunction test_humaneval()\nlocal candidate = strlen\n    lu.assertEquals(candidate(''), 0)\n    lu.assertEquals(candidate('abc'), 3)\nend\n\nos.exit(lu.LuaUnit.run())",
        "stop_tokens": ["\nlocal", "\nfunction", "\n--", "\n\n"],
    },
    "rkt": {
        "prompt": "#lang racket\n\n;; Return length of given string\n(define (strlen string)\n",
        "completions": ["  (string-length string))\n", "  0)\n", "  (string-length string)\n", "  (let loop () (loop)))\n"],
        "tests": "(require rackunit)\n\n(define (test-humaneval) \n\n  (let (( candidate strlen))\n    (check-equal? (candidate \"\") 0)\n    (check-equal? (candidate \"abc\") 3)\n))\n\n(test-humaneval)",
        "stop_tokens": ["\n(define ", "\n#|", "\n;", "\n("],
    },
    "ml": {
        "prompt": "(**Return length of given string\n*)\nlet strlen (string : string) : int =\n",
        "completions": ["  String.length string\n", "  0\n", "  String.length (string\n", "  let rec loop () = loop () in loop ()\n"],
        "tests": "let assertions =\n let candidate = strlen in\n  assert (candidate \"\" = 0);\n  assert (candidate \"abc\" = 3);\n  ()\n\n",
        "stop_tokens": ["\n\n", "\n(*", "\ntype"],
    },
    "r": {
        "prompt": "# Return length of given string\nstrlen <- function(string) {\n",
        "completions": ["  nchar(string)\n}\n", "  0\n}\n", "  nchar(string))\n}\n", "  while (TRUE) {}\n}\n"],
        "tests": "test_humaneval <- function() {\ncandidate <- strlen\n    stopifnot(isTRUE(all.equal(candidate(''), 0)))\n    stopifnot(isTRUE(all.equal(candidate('abc'), 3)))\n}\ntest_humaneval()",
        "stop_tokens": ["\n#", "\n```"],
    },
    "jl": {
        "prompt": "\"\"\" Return length of given string\n\"\"\"\nfunction strlen(string::String)::Int64 \n",
        "completions": ["    return length(string)\nend\n", "    return 0\nend\n", "    return length(string\nend\n", "    while true end\nend\n"],
        "tests": "using Test\n\n@testset begin\n\ncandidate = strlen;\n\t@test(candidate(\"\") == 0)\n\t@test(candidate(\"abc\") == 3)\nend\n",
        "stop_tokens": ["\nfunction", "\nmacro", "\n\n"],
    },
    "py": {
        "prompt": "def strlen(string: str) -> int:\n    \"\"\" Return length of given string\n    >>> strlen('abc')\n    3\n    \"\"\"\n",
        "completions": ["    return len(string)\n", "    return 0\n", "    return len(string\n", "    while True:\n        pass\n"],
        "tests": "def check(candidate):\n    assert candidate('') == 0\n    assert candidate('abc') == 3\n\ndef test_check():\n    check(strlen)\n\ntest_check()\n",
        "stop_tokens": ["\ndef", "\n#", "\nif", "\nclass"],
    },
}

ADD = {
    "lua": {
        "prompt": "-- Add two numbers x and y\nlocal function add(x, y)\n",
        "completions": ["    return x - y\nend\n", "    return x + y\nend\n", "    return y + x\nend\n"],
        "tests": "lu = require('luaunit')\n\nfunction test_humaneval()\nlocal candidate = add\n    lu.assertEquals(candidate(2, 3), 5)\n    lu.assertEquals(candidate(5, 7), 12)\nend\n\nos.exit(lu.LuaUnit.run())",
    },
    "rkt": {
        "prompt": "#lang racket\n\n;; Add two numbers x and y\n(define (add x y)\n",
        "completions": ["  (- x y))\n", "  (+ x y))\n", "  (+ y x))\n"],
        "tests": "(require rackunit)\n\n(define (test-humaneval) \n\n  (let (( candidate add))\n    (check-equal? (candidate 2 3) 5)\n    (check-equal? (candidate 5 7) 12)\n))\n\n(test-humaneval)",
    },
    "ml": {
        "prompt": "(**Add two numbers x and y\n*)\nlet add (x : int) (y : int) : int =\n",
        "completions": ["  x - y\n", "  x + y\n", "  y + x\n"],
        "tests": "let assertions =\n let candidate = add in\n  assert (candidate 2 3 = 5);\n  assert (candidate 5 7 = 12);\n  ()\n\n",
    },
    "r": {
        "prompt": "# Add two numbers x and y\nadd <- function(x, y) {\n",
        "completions": ["  x - y\n}\n", "  x + y\n}\n", "  y + x\n}\n"],
        "tests": "test_humaneval <- function() {\ncandidate <- add\n    stopifnot(isTRUE(all.equal(candidate(2, 3), 5)))\n    stopifnot(isTRUE(all.equal(candidate(5, 7), 12)))\n}\ntest_humaneval()",
    },
    "jl": {
        "prompt": "\"\"\"Add two numbers x and y\"\"\"\nfunction add(x::Int64, y::Int64)::Int64 \n",
        "completions": ["    return x - y\nend\n", "    return x + y\nend\n", "    return y + x\nend\n"],
        "tests": "using Test\n\n@testset begin\n\ncandidate = add;\n\t@test(candidate(2, 3) == 5)\n\t@test(candidate(5, 7) == 12)\nend\n",
    },
    "py": {
        "prompt": "def add(x: int, y: int) -> int:\n    \"\"\"Add two numbers x and y\"\"\"\n",
        "completions": ["    return x - y\n", "    return x + y\n", "    return y + x\n"],
        "tests": "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(5, 7) == 12\n\ndef test_check():\n    check(add)\n\ntest_check()\n",
    },
}


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip bytes identical across regenerations.
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(json.dumps(data).encode("utf-8"))


def main() -> None:
    for code, problem in STRLEN.items():
        _write(
            HERE / "completions" / code / "HumanEval_23_strlen.json.gz",
            {
                "name": "HumanEval_23_strlen",
                "language": code,
                "prompt": problem["prompt"],
                "tests": problem["tests"],
                "stop_tokens": problem["stop_tokens"],
                "temperature": 0.2,
                "top_p": 0.95,
                "max_tokens": 512,
                "model": "hand-written",
                "completions": problem["completions"],
            },
        )
    for code, problem in ADD.items():
        # MultiPL-E's completions.py writes exactly these keys, in this order.
        _write(
            HERE / "completions" / code / "HumanEval_53_add.json.gz",
            {
                "name": "HumanEval_53_add",
                "language": code,
                "temperature": 0.2,
                "top_p": 0.95,
                "max_tokens": 512,
                "prompt": problem["prompt"],
                "tests": problem["tests"],
                "completions": problem["completions"],
                "stop_tokens": STRLEN[code]["stop_tokens"],
            },
        )


if __name__ == "__main__":
    main()
