"""The stages translate, generate, validate and dedup (records: docs/records.md).

Each stage is a thin wrapper: it reads its options, takes the sandbox and backend from
the context (``resources.OwnedResources``), calls the library functions of this
package on the whole batch at once, and names a reason for everything it drops.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from multiplt.languages.registry import TARGETS, get_language
from multiplt.pipeline.stage import Context, Stage
from multiplt.records import Record
from multiplt.translate.dedup import NEAR_THRESHOLD, clean_content, has_todo, near_dedup
from multiplt.translate.problems import BadRecord, PromptStyle, translate_function
from multiplt.translate.resources import DropLog, OwnedResources
from multiplt.translate.sampling import AdaptiveSettings, SamplingSettings, sample_adaptive, sample_fixed
from multiplt.translate.spending import count_generation, count_programs, usage
from multiplt.translate.stubcheck import check_stubs
from multiplt.translate.validation import limits_named, validate_many


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_timeouts(value: dict[str, float]) -> dict[str, float]:
    """Per-language timeouts: known language codes (aliases resolved), positive seconds."""
    checked = {}
    for code, seconds in value.items():
        try:
            language = get_language(code).code
        except KeyError:
            raise ValueError(f"unknown language {code!r}") from None
        if seconds <= 0:
            raise ValueError(f"{code}: the timeout must be positive, not {seconds}")
        checked[language] = seconds
    return checked


Timeouts = Annotated[dict[str, float], AfterValidator(_check_timeouts)]


class _FamilyStage(Stage):
    """What the stages here share: validated options, per-part resources, a drop log."""

    def __init__(self, **options: Any) -> None:
        super().__init__()
        assert self.Options is not None
        self.options = self.Options.model_validate(options)
        self.resources = OwnedResources()
        self.drops = DropLog()
        self._ctx: Context | None = None

    def setup(self, ctx: Context) -> None:
        self._ctx = ctx

    def teardown(self) -> None:
        try:
            if self._ctx is not None:
                self.drops.write(self._ctx)
        finally:
            self.resources.close()


class TranslateOptions(_Options):
    languages: list[str] = Field(default_factory=lambda: list(TARGETS), description="MultiPL-E codes of the targets")
    min_tests: int = Field(1, ge=1, description="drop a function for a language with fewer translated asserts")
    canonical_solution: bool = Field(True, description="show the Python body as a commented block (MultiPL-T)")
    doctests: Literal["transform", "keep", "remove"] = "transform"
    reworded: bool = True
    stub_check: bool = Field(True, description="run prompt + a raising body + tests; drop what does not compile")


class TranslateStage(_FamilyStage):
    """Tested functions -> one problem per target language, each checked with a stub body."""

    name = "translate"
    Options: ClassVar[type[BaseModel]] = TranslateOptions

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        options: TranslateOptions = self.options  # type: ignore[assignment]
        codes = [get_language(code).code for code in options.languages]
        style = PromptStyle(options.canonical_solution, options.doctests, options.reworded)
        candidates: list[tuple[Record, dict[str, Any]]] = []
        for record in batch:
            try:
                translation = translate_function(record.data, record.id, codes, min_tests=options.min_tests, style=style)
            except BadRecord as error:
                self.drops.add(ctx, "bad_record", str(error), id=record.id)
                continue
            for drop in translation.drops:
                self.drops.add(ctx, drop.reason, drop.detail, drop.language, id=record.id, function=record.get("name"))
            candidates.extend((record, problem) for problem in translation.problems)
        failures = check_stubs([problem for _, problem in candidates], self.resources.sandbox(ctx)) if options.stub_check else [None] * len(candidates)
        for (record, problem), failure in zip(candidates, failures, strict=True):
            language = problem["language"]
            if failure is not None:
                self.drops.add(ctx, failure.reason, failure.message, language, id=record.id, name=problem["name"])
                continue
            ctx.count(f"{language}/problems")
            ctx.count("asserts_kept", problem["tests_kept"])
            ctx.count("asserts_skipped", sum(problem["tests_skipped"].values()))
            yield record.derive(problem, stage=ctx.stage)


class GenerateOptions(_Options):
    n: int = Field(50, ge=1, description="samples per problem (adaptive: the most per problem)")
    temperature: float = Field(0.8, ge=0)
    top_p: float = Field(0.95, gt=0, le=1)
    max_tokens: int = Field(512, ge=1)
    seed: int | None = 0
    replay: str | None = Field(None, description="serve samples from a replay file or a MultiPL-E completions folder")
    adaptive: bool = Field(False, description="sample in rounds, validating each (see k, m, round_size)")
    k: int = Field(5, ge=1, description="adaptive: stop a problem at k distinct passing solutions")
    m: int = Field(20, ge=1, description="adaptive: give up on a problem after m samples with none passing")
    round_size: int = Field(10, ge=1, description="adaptive: samples per problem per round")
    limits: str | float = Field("data", description="adaptive validation limits: 'data', 'reference' or seconds")
    memory_mb: int | None = Field(None, ge=16)
    timeouts: Timeouts = Field(default_factory=dict, description="adaptive: seconds per language code, overriding limits")


class GenerateStage(_FamilyStage):
    """Problems -> problems with ``completions`` (and, adaptive, validated ``solutions``)."""

    name = "generate"
    Options: ClassVar[type[BaseModel]] = GenerateOptions

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        options: GenerateOptions = self.options  # type: ignore[assignment]
        settings = SamplingSettings(options.n, options.temperature, options.top_p, options.max_tokens, options.seed)
        backend = self.resources.backend(ctx, options.replay)
        problems = [record.data for record in batch]
        sampling = {**settings.to_dict(), "adaptive": options.adaptive}
        before = usage(backend.stats)
        if not options.adaptive:
            samples = sample_fixed(problems, backend, settings)
            count_generation(ctx, before, usage(backend.stats), problems, samples, options.n, own_backend=options.replay is not None)
            for record, completions in zip(batch, samples, strict=True):
                yield record.derive({**record.data, "completions": completions, "model": backend.model, "sampling": sampling},
                                    stage=ctx.stage)
            return
        limits = limits_named(options.limits, options.memory_mb, options.timeouts)
        sandbox = self.resources.sandbox(ctx)
        outcomes = sample_adaptive(
            problems, backend, lambda items: validate_many(items, sandbox, limits), settings,
            AdaptiveSettings(options.k, options.m, options.round_size), distinct_key=_distinct_key,
        )
        samples = [[solution["completion"] for solution in outcome.solutions] for outcome in outcomes]
        count_generation(ctx, before, usage(backend.stats), problems, samples, options.n, own_backend=options.replay is not None)
        for record, outcome, completions in zip(batch, outcomes, samples, strict=True):
            language = record["language"]
            count_programs(ctx, language, outcome.solutions)  # validated here, so validate does not run them again
            ctx.count(f"adaptive.{outcome.stopped}")
            ctx.count("adaptive.distinct_passing", len(outcome.distinct_passing))
            ctx.count(f"{language}/adaptive.distinct_passing", len(outcome.distinct_passing))
            yield record.derive(
                {**record.data, "completions": completions, "model": backend.model, "sampling": sampling,
                 "solutions": outcome.solutions, "limits": limits.to_dict(),
                 "adaptive": {"stopped": outcome.stopped, "rounds": outcome.rounds}},
                stage=ctx.stage,
            )


def _distinct_key(problem: Mapping[str, Any], completion: str) -> str:
    return clean_content(problem.get("prompt_clean", ""), completion)


class ValidateOptions(_Options):
    limits: str | float = Field("data", description="'data' (5 s, 512 MB), 'reference' (MultiPL-E's 15 s / 5 s, 1 GB) or seconds")
    memory_mb: int | None = Field(None, ge=16, description="memory limit override")
    timeouts: Timeouts = Field(default_factory=dict, description="seconds per language code (lua = 1.0), overriding limits")
    keep_failing: bool = Field(False, description="keep problems with no passing solution (dropped by default)")


class ValidateStage(_FamilyStage):
    """Problems with completions -> with ``solutions`` (completion + verdict); pass = OK and exit 0."""

    name = "validate"
    Options: ClassVar[type[BaseModel]] = ValidateOptions

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        options: ValidateOptions = self.options  # type: ignore[assignment]
        limits = limits_named(options.limits, options.memory_mb, options.timeouts)
        pending = [record for record in batch if "solutions" not in record.data]  # adaptive runs validated already
        judged = validate_many([(record.data, record.data.get("completions") or []) for record in pending],
                               self.resources.sandbox(ctx), limits) if pending else []
        solutions_of = {record.id: solutions for record, solutions in zip(pending, judged, strict=True)}
        for record in batch:
            language = record["language"]
            solutions = solutions_of.get(record.id, record.data.get("solutions", []))
            passed = sum(1 for solution in solutions if solution["passed"])
            if record.id in solutions_of:  # adaptive generate ran (and counted) the others already
                count_programs(ctx, language, solutions)
            ctx.count(f"{language}/passed", passed)
            for solution in solutions:
                ctx.count(f"{language}/status.{solution['status']}")
            if passed == 0 and not options.keep_failing:
                self.drops.add(ctx, "no_passing_solution", f"0 of {len(solutions)} pass", language, name=record["name"])
                continue
            yield record.derive(
                {**record.data, "solutions": solutions, "passed": passed,
                 "pass_rate": passed / len(solutions) if solutions else 0.0,
                 "limits": record.data.get("limits", limits.to_dict())},
                stage=ctx.stage,
            )


class DedupOptions(_Options):
    threshold: float = Field(NEAR_THRESHOLD, ge=0, le=1, description="near duplicate: ROUGE-L F1 above this")


class DedupStage(_FamilyStage):
    """Validated problems -> with ``kept``: cleaned passing solutions, no TODO, no exact or near duplicates."""

    name = "dedup"
    Options: ClassVar[type[BaseModel]] = DedupOptions

    def process(self, batch: list[Record], ctx: Context) -> Iterable[Record]:
        options: DedupOptions = self.options  # type: ignore[assignment]
        for record in batch:
            language = record["language"]
            passing = [(index, solution) for index, solution in enumerate(record.data.get("solutions", [])) if solution["passed"]]
            candidates = []
            for index, solution in passing:
                if has_todo(solution["completion"]):
                    self.drops.add(ctx, "todo", "solution contains TODO", language, name=record["name"], solution=index)
                    continue
                candidates.append((index, solution))
            decisions = near_dedup([solution["completion"].strip() for _, solution in candidates], options.threshold)
            kept = []
            for (index, solution), decision in zip(candidates, decisions, strict=True):
                if decision.kept:
                    kept.append({"solution": index, "completion": solution["completion"],
                                 "content": clean_content(record.get("prompt_clean", record["prompt"]), solution["completion"])})
                else:
                    assert decision.reason is not None and decision.duplicate_of is not None
                    original = candidates[decision.duplicate_of][0]
                    detail = (f"same text as solution {original}" if decision.score is None
                              else f"ROUGE-L F1 {decision.score:.3f} > {options.threshold} against solution {original}")
                    self.drops.add(ctx, decision.reason, detail, language, name=record["name"], solution=index,
                                   duplicate_of=original, score=decision.score)
            ctx.count(f"{language}/kept", len(kept))
            if not kept:
                self.drops.add(ctx, "nothing_kept", f"{len(passing)} passing, none kept", language, name=record["name"])
                continue
            yield record.derive({**record.data, "kept": kept, "dedup_threshold": options.threshold}, stage=ctx.stage)
