"""The ``mine`` stage: Python files -> mined functions (records: docs/records.md).

It reads the ``python`` source's file records, parses the top-level functions and imports
of each with ``ast`` (`toplevel`; never running it), and keeps every top-level function whose body starts with a docstring and that
passes the filters of `filters`, in this order: a syntax tree at most ``MAX_DEPTH`` deep
(``too_deep``: Python's recursive tree walkers would fail on it), supported signature, returns a value,
no ``TODO``, ASCII only, not trivial, licence allowed, self-contained, and not a copy of a
benchmark problem (`decontaminate`: HumanEval, and MBPP when its files are given). Methods and nested
functions are never candidates. A file with no top-level ``def`` is not parsed at all; one
whose functions do not parse is dropped as ``syntax_error`` (Python 2 among them) or
``too_deeply_nested``; each dropped function is
counted under its filter's reason. A function that matches a benchmark problem is dropped
as ``contaminated`` (`decontaminate`), listed with the problem it hit and the kind of match
(``contaminated.<kind>`` counts them) in ``mine/_dropped/part-NNNNN.jsonl``. With
``typecheck`` (on by default) the functions that passed are then type-checked in isolation,
many per checker run (`typecheck`): a type error drops one as ``type_error``, a function
the checker cannot get through even alone as ``type_check_failed``, each written with the
checker's first message to ``mine/_dropped/part-NNNNN.jsonl``. The counters ``files``,
``functions``, ``with_docstring``, ``mined`` (passed the cheap filters and decontamination)
and ``type_checked`` give the funnel. Exact and near duplicates across the corpus are the
next stage's job (``dedup_stage``, ``mine_dedup``).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from multiplt.corpus import filters
from multiplt.corpus.decontaminate import NGRAM, NGRAM_THRESHOLD, Benchmarks, load_benchmarks
from multiplt.corpus.extract import ModuleImports, documented_functions, function_record, module_imports, with_imports
from multiplt.corpus.toplevel import has_top_level_def, parse_top_level
from multiplt.corpus.typecheck import TypeChecker
from multiplt.io import atomic_write_text
from multiplt.languages.pyparse import source_lines
from multiplt.pipeline.droplog import DropLog
from multiplt.pipeline.stage import Context, Stage
from multiplt.records import Record

BENCHMARKS_FILE = "_benchmarks.json"


class MineOptions(BaseModel):
    """Options of the ``mine`` stage."""

    model_config = ConfigDict(extra="forbid")

    autoimport: bool = Field(False, description="add `import m` for a standard-library module a function uses but its file does not import")
    licenses: list[str] | None = Field(None, description="keep only files whose provenance license is one of these (none: keep all)")
    typecheck: bool = Field(True, description="type-check each function alone with basedpyright (standard mode; errors drop it as type_error)")
    typecheck_batch: int = Field(250, ge=1, description="functions per type-checker run (a failing run is split in halves and retried)")
    files_per_call: int = Field(1000, ge=1, description="files mined per call, so one type-checker run gets many functions (overrides run.batch_size for this stage)")
    typecheck_command: list[str] | None = Field(None, description="the type checker's argv before its flags and files (default: this environment's basedpyright)")
    decontaminate: bool = Field(True, description="drop functions that match a HumanEval problem (or an MBPP one, "
                                                  "with mbpp): exact, normalised or n-gram overlap")
    mbpp: list[str] = Field(default_factory=list, description="MBPP JSONL files (task_id, code, text or prompt) to "
                                                              "decontaminate against too; give every split (relative paths: from the current directory)")
    ngram: int = Field(NGRAM, ge=2, description="decontamination: tokens (words, in docstrings) per n-gram; "
                                                "shorter benchmark code is matched only whole")
    ngram_threshold: float = Field(NGRAM_THRESHOLD, gt=0, le=1, description="decontamination: share of a problem's "
                                                                            "n-grams found that makes a match")

    @field_validator("mbpp")
    @classmethod
    def _mbpp_files_exist(cls, paths: list[str]) -> list[str]:
        missing = [path for path in paths if not Path(path).is_file()]
        if missing:
            raise ValueError(f"MBPP file not found: {', '.join(missing)}")
        return [str(Path(path).resolve()) for path in paths]


def mine_file(file: dict[str, Any], options: MineOptions, ctx: Context, benchmarks: Benchmarks | None = None,
              drops: DropLog | None = None) -> Iterator[dict[str, Any]]:
    """The mined-function records of one file record, counting every drop in ``ctx``.

    With ``benchmarks``, a function that matches one of their problems is dropped as
    ``contaminated``, and listed in ``drops`` with the problem and the kind of match.
    """
    ctx.count("files")
    if not has_top_level_def(file["text"]):
        return  # nothing to mine, and nothing to parse
    lines = source_lines(file["text"])
    try:
        tree = parse_top_level(file["text"], lines)
    except SyntaxError:
        ctx.drop("syntax_error")
        return
    except (RecursionError, MemoryError):
        ctx.drop("too_deeply_nested")
        return
    all_functions = [node for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    documented = documented_functions(tree)
    ctx.count("functions", len(all_functions))
    ctx.count("with_docstring", len(documented))
    if not documented:
        return
    imports: ModuleImports | None = None  # only for a function that reaches the closure filter
    allowed = frozenset(options.licenses) if options.licenses is not None else None
    for node in documented:
        source = "\n".join(lines[node.lineno - 1:node.end_lineno])
        problem = (filters.depth_problem(node) or filters.signature_problem(node) or filters.return_problem(node, source)
                   or filters.text_problem(source)
                   or filters.trivial_problem(node) or filters.license_problem(file["provenance"]["license"], allowed))
        if problem is not None:
            ctx.drop(problem)
            continue
        record = function_record(file["text"], node, [], file["provenance"], lines)
        imports = module_imports(tree) if imports is None else imports
        needs = filters.closure(record["source"], node, imports, options.autoimport)
        if needs.problem is not None:
            ctx.drop(needs.problem)
            continue
        match = benchmarks.match(node) if benchmarks is not None else None
        if match is not None:
            ctx.count(f"contaminated.{match.kind}")
            (drops or DropLog()).add(
                ctx, "contaminated", f"{match.kind} match of {match.problem}'s {match.part} (score {match.score})",
                function=node.name, path=file["provenance"].get("path"), lines=record["lines"],
                source=file["provenance"].get("source"), benchmark=match.problem, match=match.kind,
                part=match.part, score=match.score)
            continue
        ctx.count("mined")
        yield with_imports(record, needs.imports)


class MineStage(Stage):
    """Python files -> documented, returning, self-contained top-level functions."""

    name = "mine"
    Options: ClassVar[type[BaseModel]] = MineOptions

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self.options = MineOptions.model_validate(options)
        self.checker = TypeChecker(self.options.typecheck_command, batch_size=self.options.typecheck_batch)
        # A checker run costs about a second of start-up: one per 100 files (the run's default
        # batch, ~20 functions) spent most of a site-packages run starting Node.
        self.batch_size = self.options.files_per_call
        self.drops = DropLog()
        self._benchmarks: Benchmarks | None = None
        self._ctx: Context | None = None

    def setup(self, ctx: Context) -> None:
        self._ctx = ctx
        if self.options.decontaminate and self._benchmarks is None:  # once per worker process
            self._benchmarks = load_benchmarks(self.options.mbpp, self.options.ngram, self.options.ngram_threshold)
        if self._benchmarks is not None and ctx.part == 0:
            ctx.count("benchmark.skipped", len(self._benchmarks.skipped))
            summary = {"problems": self._benchmarks.problems, "skipped": self._benchmarks.skipped,
                       "mbpp": self.options.mbpp, "ngram": self.options.ngram, "ngram_threshold": self.options.ngram_threshold}
            atomic_write_text(ctx.run_dir / ctx.stage / BENCHMARKS_FILE, json.dumps(summary, indent=1))

    def teardown(self) -> None:
        if self._ctx is not None:
            self.drops.write(self._ctx)

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        mined = [(record, function) for record in batch
                 for function in mine_file(record.data, self.options, ctx, self._benchmarks, self.drops)]
        if not self.options.typecheck:
            return [record.derive(function, stage=ctx.stage) for record, function in mined]
        verdicts = self.checker.check([function["program"] for _, function in mined])
        kept: list[Record] = []
        for (record, function), verdict in zip(mined, verdicts, strict=True):
            if verdict.reason is not None:
                self.drops.add(ctx, verdict.reason, verdict.detail, id=record.id, function=function["name"],
                               path=function["provenance"]["path"], lines=function["lines"])
                continue
            ctx.count("type_checked")
            kept.append(record.derive(function, stage=ctx.stage))
        return kept
