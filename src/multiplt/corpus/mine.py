"""The ``mine`` stage: Python files -> mined functions (records: docs/records.md).

It reads the ``python`` source's file records, parses each with ``ast`` (never running
it), and keeps every top-level function whose body starts with a docstring and that
passes the filters of `filters`, in this order: supported signature, returns a value,
no ``TODO``, ASCII only, not trivial, licence allowed, self-contained. Methods and nested
functions are never candidates. Files that do not parse are dropped as
``syntax_error`` (Python 2 among them) or ``too_deeply_nested``; each dropped function is
counted under its filter's reason. With ``typecheck`` (on by default) the functions that
passed are then type-checked in isolation, many per checker run (`typecheck`): a type
error drops one as ``type_error``, a function the checker cannot get through even alone
as ``type_check_failed``, each written with the checker's first message to
``mine/_dropped/part-NNNNN.jsonl``. The counters ``files``, ``functions``,
``with_docstring``, ``mined`` (passed the cheap filters) and ``type_checked`` give the
funnel.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from multiplt.corpus import filters
from multiplt.corpus.extract import documented_functions, function_record, module_imports, with_imports
from multiplt.corpus.typecheck import TypeChecker
from multiplt.pipeline.stage import Context, Stage
from multiplt.records import Record
from multiplt.translate.resources import DropLog


class MineOptions(BaseModel):
    """Options of the ``mine`` stage."""

    model_config = ConfigDict(extra="forbid")

    autoimport: bool = Field(False, description="add `import m` for a standard-library module a function uses but its file does not import")
    licenses: list[str] | None = Field(None, description="keep only files whose provenance license is one of these (none: keep all)")
    typecheck: bool = Field(True, description="type-check each function alone with basedpyright (standard mode; errors drop it as type_error)")
    typecheck_batch: int = Field(250, ge=1, description="functions per type-checker run (a failing run is split in halves and retried)")
    typecheck_command: list[str] | None = Field(None, description="the type checker's argv before its flags and files (default: this environment's basedpyright)")


def mine_file(file: dict[str, Any], options: MineOptions, ctx: Context) -> Iterator[dict[str, Any]]:
    """The mined-function records of one file record, counting every drop in ``ctx``."""
    ctx.count("files")
    try:
        tree = ast.parse(file["text"])
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
    imports = module_imports(tree)
    lines = file["text"].splitlines()
    allowed = frozenset(options.licenses) if options.licenses is not None else None
    for node in documented:
        source = "\n".join(lines[node.lineno - 1:node.end_lineno])
        problem = (filters.signature_problem(node) or filters.return_problem(node) or filters.text_problem(source)
                   or filters.trivial_problem(node) or filters.license_problem(file["provenance"]["license"], allowed))
        if problem is not None:
            ctx.drop(problem)
            continue
        record = function_record(file["text"], node, [], file["provenance"])
        needs = filters.closure(record["source"], node, imports, options.autoimport)
        if needs.problem is not None:
            ctx.drop(needs.problem)
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
        self.drops = DropLog()
        self._ctx: Context | None = None

    def setup(self, ctx: Context) -> None:
        self._ctx = ctx

    def teardown(self) -> None:
        if self._ctx is not None:
            self.drops.write(self._ctx)

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        mined = [(record, function) for record in batch for function in mine_file(record.data, self.options, ctx)]
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
