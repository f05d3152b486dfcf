"""Writes the execution corpus: MultiPL-E shaped programs in five languages.

Run ``python tests/data/exec_corpus/generate.py`` to rewrite ``<lang>/*`` beside this
file. Each program is a small function (12 families, two test sets each) followed by a
test block in MultiPL-E's shape for its language, in one of several variants: passing,
a wrong expected value, a runtime error, a truncated (syntax error) completion, a wrong
return type, an undefined name, printing to stdout or stderr, an explicit exit status,
a few that never finish and a few that run out of memory (1 GB). Expected values come from the Python reference functions
below, never from running the programs. The equivalence test
(``tests/sandbox/test_warm_equivalence.py``) runs every file with both isolation methods.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FOLDERS = {"python": ".py", "lua": ".lua", "rkt": ".rkt", "ml": ".ml", "r": ".r"}


# -- literals -------------------------------------------------------------------------

def literal(lang: str, value: Any) -> str:
    """``value`` written as a literal of ``lang``."""
    if isinstance(value, bool):
        return {"python": str(value), "lua": str(value).lower(), "rkt": "#t" if value else "#f", "ml": str(value).lower(), "r": str(value).upper()}[lang]
    if isinstance(value, int):
        if lang == "ml" and value < 0:
            return f"({value})"
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    items = [literal(lang, item) for item in value]
    return {
        "python": "[" + ", ".join(items) + "]",
        "lua": "{" + ", ".join(items) + "}",
        "rkt": "(list " + " ".join(items) + ")" if items else "(list)",
        "ml": "[" + "; ".join(items) + "]",
        "r": "c(" + ", ".join(items) + ")",
    }[lang]


def call(lang: str, args: tuple[Any, ...]) -> str:
    """``candidate(args...)`` in ``lang``."""
    written = [literal(lang, arg) for arg in args]
    if lang == "rkt":
        return "(candidate " + " ".join(written) + ")"
    if lang == "ml":
        return "(candidate " + " ".join(written) + ")"
    return "candidate(" + ", ".join(written) + ")"


def test_block(lang: str, name: str, cases: list[tuple[tuple[Any, ...], Any]]) -> str:
    """MultiPL-E's test block for ``lang`` (see shared/SPEC.md section 3)."""
    if lang == "python":
        asserts = "".join(f"    assert {call(lang, args)} == {literal(lang, want)}\n" for args, want in cases)
        return f"def check(candidate):\n{asserts}\ndef test_check():\n    check({name})\n\ntest_check()\n"
    if lang == "lua":
        asserts = "".join(f"    lu.assertEquals({call(lang, args)}, {literal(lang, want)})\n" for args, want in cases)
        return f"lu = require('luaunit')\n\nfunction test_humaneval()\nlocal candidate = {name}\n{asserts}end\n\nos.exit(lu.LuaUnit.run())\n"
    if lang == "rkt":
        asserts = "".join(f"    (check-equal? {call(lang, args)} {literal(lang, want)})\n" for args, want in cases)
        return f"(require rackunit)\n\n(define (test-humaneval)\n  (let ((candidate {name}))\n{asserts}))\n\n(test-humaneval)\n"
    if lang == "ml":
        asserts = "".join(f"  assert ({call(lang, args)} = {literal(lang, want)});\n" for args, want in cases)
        return f"let assertions =\n let candidate = {name} in\n{asserts}  ()\n;;\n"
    asserts = "".join(f"    stopifnot(isTRUE(all.equal({call(lang, args)}, {literal(lang, want)})))\n" for args, want in cases)
    return f"test_humaneval <- function() {{\ncandidate <- {name}\n{asserts}}}\ntest_humaneval()\n"


# -- function families ------------------------------------------------------------------

@dataclass(frozen=True)
class Family:
    """One function: its reference, its solution in each language, two test sets."""

    name: str
    reference: Callable[..., Any]
    params: dict[str, str]  # language -> parameter list as the signature writes it
    bodies: dict[str, str]  # language -> a correct body
    inputs: tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]
    returns: str  # "int", "str", "bool", "list"


def define(lang: str, family: Family, body: str) -> str:
    """The function definition (signature and ``body``) in ``lang``."""
    name, params = family.name, family.params[lang]
    if lang == "python":
        return f"def {name}({params}):\n{body}\n"
    if lang == "lua":
        return f"local function {name}({params})\n{body}\nend\n"
    if lang == "rkt":
        return f"(define ({name} {params})\n{body})\n"
    if lang == "ml":
        return f"let rec {name} {params} =\n{body}\n\n"
    return f"{name} <- function({params}) {{\n{body}\n}}\n"


def _is_palindrome(s: str) -> bool:
    return s == s[::-1]


FAMILIES = [
    Family(
        "add_ten",
        lambda x: x + 10,
        {"python": "x", "lua": "x", "rkt": "x", "ml": "(x : int) : int", "r": "x"},
        {"python": "    return x + 10", "lua": "    return x + 10", "rkt": "  (+ x 10)", "ml": "  x + 10", "r": "  x + 10"},
        (((1,), (5,), (-3,)), ((0,), (100,), (7,))),
        "int",
    ),
    Family(
        "sum_list",
        sum,
        {"python": "xs", "lua": "xs", "rkt": "xs", "ml": "(xs : int list) : int", "r": "xs"},
        {
            "python": "    total = 0\n    for x in xs:\n        total += x\n    return total",
            "lua": "    local total = 0\n    for _, x in ipairs(xs) do\n        total = total + x\n    end\n    return total",
            "rkt": "  (foldl + 0 xs)",
            "ml": "  List.fold_left ( + ) 0 xs",
            "r": "  total <- 0\n  for (x in xs) {\n    total <- total + x\n  }\n  total",
        },
        ((([1, 2, 3],), ([10],), ([4, -4, 5],)), (([7, 8],), ([1, 1, 1, 1],), ([-2, 9],))),
        "int",
    ),
    Family(
        "max_element",
        max,
        {"python": "xs", "lua": "xs", "rkt": "xs", "ml": "(xs : int list) : int", "r": "xs"},
        {
            "python": "    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    return best",
            "lua": "    local best = xs[1]\n    for _, x in ipairs(xs) do\n        if x > best then best = x end\n    end\n    return best",
            "rkt": "  (for/fold ([best (first xs)]) ([x xs]) (max best x))",
            "ml": "  List.fold_left max (List.hd xs) xs",
            "r": "  best <- xs[1]\n  for (x in xs) if (x > best) best <- x\n  best",
        },
        ((([1, 5, 3],), ([-1, -7],), ([4],)), (([2, 2, 9, 1],), ([0, -1],), ([12, 11],))),
        "int",
    ),
    Family(
        "count_greater",
        lambda xs, t: sum(1 for x in xs if x > t),
        {"python": "xs, t", "lua": "xs, t", "rkt": "xs t", "ml": "(xs : int list) (t : int) : int", "r": "xs, t"},
        {
            "python": "    return len([x for x in xs if x > t])",
            "lua": "    local n = 0\n    for _, x in ipairs(xs) do\n        if x > t then n = n + 1 end\n    end\n    return n",
            "rkt": "  (length (filter (lambda (x) (> x t)) xs))",
            "ml": "  List.length (List.filter (fun x -> x > t) xs)",
            "r": "  n <- 0\n  for (x in xs) if (x > t) n <- n + 1\n  n",
        },
        ((([1, 5, 3], 2), ([1, 2], 5), ([9, 9, 9], 8)), (([4, 3, 2, 1], 0), ([0], 0), ([-5, 5], -6))),
        "int",
    ),
    Family(
        "fib",
        lambda n: round(((1 + 5**0.5) / 2) ** n / 5**0.5),
        {"python": "n", "lua": "n", "rkt": "n", "ml": "(n : int) : int", "r": "n"},
        {
            "python": "    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)",
            "lua": "    local a, b = 0, 1\n    for _ = 1, n do\n        a, b = b, a + b\n    end\n    return a",
            "rkt": "  (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))",
            "ml": "  if n < 2 then n else fib (n - 1) + fib (n - 2)",
            "r": "  if (n < 2) return(n)\n  fib(n - 1) + fib(n - 2)",
        },
        (((1,), (10,), (12,)), ((2,), (7,), (15,))),
        "int",
    ),
    Family(
        "factorial",
        math.factorial,
        {"python": "n", "lua": "n", "rkt": "n", "ml": "(n : int) : int", "r": "n"},
        {
            "python": "    result = 1\n    for i in range(2, n + 1):\n        result *= i\n    return result",
            "lua": "    if n <= 1 then return 1 end\n    return n * factorial(n - 1)",
            "rkt": "  (if (<= n 1) 1 (* n (factorial (- n 1))))",
            "ml": "  if n <= 1 then 1 else n * factorial (n - 1)",
            "r": "  if (n <= 1) return(1)\n  n * factorial(n - 1)",
        },
        (((0,), (5,), (6,)), ((1,), (3,), (10,))),
        "int",
    ),
    Family(
        "reverse_string",
        lambda s: s[::-1],
        {"python": "s", "lua": "s", "rkt": "s", "ml": "(s : string) : string", "r": "s"},
        {
            "python": "    return s[::-1]",
            "lua": "    return string.reverse(s)",
            "rkt": "  (list->string (reverse (string->list s)))",
            "ml": "  String.init (String.length s) (fun i -> s.[String.length s - 1 - i])",
            "r": "  paste(rev(strsplit(s, \"\")[[1]]), collapse = \"\")",
        },
        ((("abc",), ("racecar",), ("ab",)), (("hello",), ("x",), ("xyz",))),
        "str",
    ),
    Family(
        "is_palindrome",
        _is_palindrome,
        {"python": "s", "lua": "s", "rkt": "s", "ml": "(s : string) : bool", "r": "s"},
        {
            "python": "    return s == s[::-1]",
            "lua": "    return s == string.reverse(s)",
            "rkt": "  (equal? s (list->string (reverse (string->list s))))",
            "ml": "  let n = String.length s in\n  let rec go i = i >= n / 2 || (s.[i] = s.[n - 1 - i] && go (i + 1)) in\n  go 0",
            "r": "  chars <- strsplit(s, \"\")[[1]]\n  identical(chars, rev(chars))",
        },
        ((("aba",), ("ab",), ("zz",)), (("racecar",), ("abca",), ("q",))),
        "bool",
    ),
    Family(
        "filter_even",
        lambda xs: [x for x in xs if x % 2 == 0],
        {"python": "xs", "lua": "xs", "rkt": "xs", "ml": "(xs : int list) : int list", "r": "xs"},
        {
            "python": "    return [x for x in xs if x % 2 == 0]",
            "lua": "    local out = {}\n    for _, x in ipairs(xs) do\n        if x % 2 == 0 then table.insert(out, x) end\n    end\n    return out",
            "rkt": "  (filter even? xs)",
            "ml": "  List.filter (fun x -> x mod 2 = 0) xs",
            "r": "  xs[xs %% 2 == 0]",
        },
        ((([1, 2, 3, 4],), ([6, 7],), ([8],)), (([2, 4, 5],), ([10, 11, 12],), ([0, 1],))),
        "list",
    ),
    Family(
        "string_length",
        len,
        {"python": "s", "lua": "s", "rkt": "s", "ml": "(s : string) : int", "r": "s"},
        {
            "python": "    return len(s)",
            "lua": "    return #s",
            "rkt": "  (string-length s)",
            "ml": "  String.length s",
            "r": "  nchar(s)",
        },
        ((("",), ("abc",), ("hello world",)), (("x",), ("four",), ("twelve chars",))),
        "int",
    ),
    Family(
        "gcd_of",
        math.gcd,
        {"python": "a, b", "lua": "a, b", "rkt": "a b", "ml": "(a : int) (b : int) : int", "r": "a, b"},
        {
            "python": "    while b:\n        a, b = b, a % b\n    return a",
            "lua": "    while b ~= 0 do\n        a, b = b, a % b\n    end\n    return a",
            "rkt": "  (if (= b 0) a (gcd_of b (modulo a b)))",
            "ml": "  if b = 0 then a else gcd_of b (a mod b)",
            "r": "  while (b != 0) {\n    r <- a %% b\n    a <- b\n    b <- r\n  }\n  a",
        },
        (((12, 18), (7, 3), (100, 75)), ((9, 6), (21, 14), (5, 5))),
        "int",
    ),
    Family(
        "count_vowels",
        lambda s: sum(1 for c in s if c in "aeiou"),
        {"python": "s", "lua": "s", "rkt": "s", "ml": "(s : string) : int", "r": "s"},
        {
            "python": "    return sum(1 for c in s if c in 'aeiou')",
            "lua": "    local _, n = string.gsub(s, '[aeiou]', '')\n    return n",
            "rkt": "  (length (filter (lambda (c) (memv c (string->list \"aeiou\"))) (string->list s)))",
            "ml": "  let n = ref 0 in\n  String.iter (fun c -> if String.contains \"aeiou\" c then incr n) s;\n  !n",
            "r": "  chars <- strsplit(s, \"\")[[1]]\n  sum(chars %in% c(\"a\", \"e\", \"i\", \"o\", \"u\"))",
        },
        ((("hello",), ("sky",), ("aeiou",)), (("banana",), ("rhythm",), ("queue",))),
        "str->int",
    ),
]


# -- variants ----------------------------------------------------------------------------

RUNTIME_ERRORS = {
    "python": ["    return [][1]", "    return 1 // 0", "    return int('abc')", "    return None + 1", "    raise ValueError('boom')"],
    "lua": ["    local t = nil\n    return t.x", "    return nil + 1", "    error('boom')", "    return ({})[1].y", "    return undefined_helper.field"],
    "rkt": ["  (car '())", "  (/ 1 0)", "  (error 'candidate \"boom\")", "  (vector-ref (vector) 1)", "  (+ 1 \"a\")"],
    "ml": ["  List.hd []", "  failwith \"boom\"", "  raise Not_found", "  invalid_arg \"bad\"", "  List.nth [] 3"],
    "r": ["  stop(\"boom\")", "  list(1)[[3]]", "  \"a\" + 1", "  match.arg(\"z\", c(\"a\", \"b\"))", "  get(\"no_such_object\")"],
}
WRONG_TYPE = {"python": "    return 'oops'", "lua": "    return 'oops'", "rkt": "  \"oops\"", "ml": "  \"oops\"", "r": "  \"oops\""}
UNDEFINED = {
    "python": "    return helper_that_does_not_exist(1)",
    "lua": "    return helper_that_does_not_exist(1)",
    "rkt": "  (helper-that-does-not-exist 1)",
    "ml": "  helper_that_does_not_exist 1",
    "r": "  helper_that_does_not_exist(1)",
}
STDOUT = {
    "python": 'print("starting tests")\n',
    "lua": 'print("starting tests")\n',
    "rkt": '(displayln "starting tests")\n',
    "ml": 'let () = print_endline "starting tests"\n',
    "r": 'print("starting tests")\n',
}
STDERR = {
    "python": 'import sys\nprint("a note on stderr", file=sys.stderr)\n',
    "lua": 'io.stderr:write("a note on stderr\\n")\n',
    "rkt": '(eprintf "a note on stderr\\n")\n',
    "ml": 'let () = prerr_endline "a note on stderr"\n',
    "r": 'message("a note on stderr")\n',
}
EXIT_3 = {"python": "import sys\nsys.exit(3)\n", "lua": "os.exit(3)\n", "rkt": "(exit 3)\n", "ml": "let () = exit 3\n", "r": "quit(status = 3)\n"}
LOOP = {
    "python": "    while True:\n        pass",
    "lua": "    while true do end",
    "rkt": "  (let loop () (loop))",
    "ml": "  let rec spin () = spin () in spin ()",
    "r": "  repeat {}",
}
SLEEP = {
    "python": "    import time\n    time.sleep(100)",
    "lua": "    os.execute('sleep 100')",
    "rkt": "  (sleep 100)",
    "ml": "  let rec spin k = if k = -1 then 0 else spin (k + 1) in spin 0",
    "r": "  Sys.sleep(100)",
}
BIG_ALLOCATION = {
    "python": "    return len([0] * (600 * 1000 * 1000))",
    "lua": "    return #string.rep('x', 1 << 32)",
    "rkt": "  (vector-length (make-vector 600000000 0))",
    "ml": "  Array.length (Array.make (600 * 1000 * 1000) 0)",
    "r": "  length(numeric(6e8))",
}
GROWING_ALLOCATION = {
    "python": "    data = [0]\n    while True:\n        data = data + data",
    "lua": "    local s = 'x'\n    while true do s = s .. s end",
    "rkt": "  (let grow ([v (vector 0)]) (grow (vector-append v v)))",
    "ml": "  let rec grow a = grow (Array.append a a) in grow [| 0 |]",
    "r": "  data <- 1\n  repeat data <- c(data, data)",
}
HEADER = {"python": "", "lua": "", "rkt": "#lang racket\n\n", "ml": "", "r": ""}


def perturb(value: Any) -> Any:
    """A value of the same type that differs from ``value``."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "!"
    return [*value, 99]


def truncate(definition: str) -> str:
    """The definition cut like a completion stopped mid-way (unbalanced, unterminated)."""
    cut = definition.rstrip()
    cut = cut[: max(len(cut) * 2 // 3, cut.find("\n") + 4)]
    return cut.rstrip() + " (\n"


def programs(lang: str) -> list[tuple[str, str]]:
    """(file stem, program text) for every corpus program of ``lang``."""
    made: list[tuple[str, str]] = []
    counter = 0
    for family in FAMILIES:
        for set_index, inputs in enumerate(family.inputs):
            cases = [(args, family.reference(*args)) for args in inputs]
            wrong = [*cases[:-1], (cases[-1][0], perturb(cases[-1][1]))]
            good = define(lang, family, family.bodies[lang])
            errors = RUNTIME_ERRORS[lang]
            error_body = errors[(counter // 2 + set_index) % len(errors)]
            tests = test_block(lang, family.name, cases)
            variants = {
                "pass": good + "\n" + tests,
                "wrong_expected": good + "\n" + test_block(lang, family.name, wrong),
                "runtime_error": define(lang, family, error_body) + "\n" + tests,
                "truncated": truncate(good) + "\n" + tests,
                "wrong_type": define(lang, family, WRONG_TYPE[lang]) + "\n" + tests,
                "undefined_name": define(lang, family, UNDEFINED[lang]) + "\n" + tests,
                "prints": STDOUT[lang] + good + "\n" + tests,
                "stderr_note": good + "\n" + STDERR[lang] + tests,
                "exit_3": good + "\n" + tests + EXIT_3[lang],
            }
            for variant, text in variants.items():
                counter += 1
                made.append((f"{counter:03d}_{family.name}_{set_index}_{variant}", HEADER[lang] + text))
    endless = ((FAMILIES[0], LOOP[lang], "timeout"), (FAMILIES[1], SLEEP[lang], "timeout"), (FAMILIES[4], LOOP[lang], "timeout"))
    hungry = ((FAMILIES[0], BIG_ALLOCATION[lang], "memory"), (FAMILIES[5], GROWING_ALLOCATION[lang], "memory"))
    for index, (family, body, kind) in enumerate(endless + hungry):
        counter += 1
        cases = [(args, family.reference(*args)) for args in family.inputs[0]]
        text = define(lang, family, body) + "\n" + test_block(lang, family.name, cases)
        made.append((f"{counter:03d}_{family.name}_{index}_{kind}", HEADER[lang] + text))
    return made


def main() -> None:
    for folder, extension in FOLDERS.items():
        target = HERE / folder
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        for stem, text in programs(folder):
            (target / (stem + extension)).write_text(text, encoding="utf-8")
        print(f"{folder}: {len(list(target.iterdir()))} programs")


if __name__ == "__main__":
    main()
