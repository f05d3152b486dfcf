"""The options of test generation, as the ``testgen`` stage and command take them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from multiplt.languages.outliers import DEFAULT_MAJORITY
from multiplt.testgen.prompt import TEST_STOP


class UnitTestOptions(BaseModel):
    """How tests are asked for, validated, measured and judged (defaults: MultiPL-T's)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    samples: int = Field(5, ge=1, description="completions asked per function")
    temperature: float = Field(0.2, ge=0.0)
    top_p: float = Field(0.95, gt=0.0, le=1.0)
    max_tokens: int = Field(512, ge=1, description="new tokens per completion")
    seed: int | None = Field(None, description="sample i is drawn with seed+i where the backend supports it")
    stop: list[str] = Field(default_factory=lambda: list(TEST_STOP), description="where a test completion is cut")
    doctests: bool = Field(False, description="also harvest docstring examples as tests (counted apart)")
    timeout_s: float = Field(5.0, gt=0.0, description="per-test sandbox timeout")
    memory_mb: int = Field(1024, ge=64)
    min_coverage: float = Field(0.9, ge=0.0, le=1.0, description="keep functions whose own-line coverage is at least this")
    drop_type_outliers: bool = Field(True, description="drop tests whose argument type disagrees with the dominant one")
    outlier_majority: float = Field(DEFAULT_MAJORITY, gt=0.5, le=1.0)
    augment: bool = Field(False, description="below min_coverage, add tests from the function's own results on mutated and type-drawn inputs")
    augment_mutations: int = Field(60, ge=0, description="inputs mutated from the passing tests' arguments, tried per function")
    augment_generated: int = Field(30, ge=0, description="inputs drawn with Hypothesis from the parameter types, tried per function")
    augment_max_tests: int = Field(10, ge=1, description="tests added per function at most")
