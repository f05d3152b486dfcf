"""HumanEval as a testgen corpus: real functions, their own tests replayed as the model's output."""

from __future__ import annotations

import json
from pathlib import Path

from multiplt.llm import open_backend
from multiplt.sandbox import Sandbox
from multiplt.testgen.humaneval import humaneval_corpus
from multiplt.testgen.options import UnitTestOptions
from multiplt.testgen.tester import generate_unit_tests

WANTED = ("HumanEval/0", "HumanEval/88", "HumanEval/116")


def test_problems_sharing_an_entry_point_each_get_their_own_tests(sandbox: Sandbox, tmp_path: Path) -> None:
    corpus = [(record, line) for record, line in humaneval_corpus(strip_annotations=True) if record["provenance"]["path"] in WANTED]
    assert [record["name"] for record, _ in corpus] == ["has_close_elements", "sort_array", "sort_array"]
    replay = tmp_path / "replay.jsonl"
    replay.write_text("".join(json.dumps(line) + "\n" for _, line in corpus), encoding="utf-8")
    with open_backend("replay", str(replay)) as llm:
        result = generate_unit_tests([record for record, _ in corpus], llm, sandbox, UnitTestOptions(samples=1))
    kept = {data["provenance"]["path"]: data for _, data in result.kept}
    assert set(kept) == set(WANTED)
    # Canonical solutions pass their own tests; keyed by name, /116 got /88's and failed them.
    assert all(data["failed_tests"] == [] for data in kept.values())
    assert kept["HumanEval/116"]["tests"][0] == "assert sort_array([1, 5, 2, 3, 4]) == [1, 2, 4, 3, 5]"
    assert kept["HumanEval/88"]["tests"][0] == "assert sort_array([]) == []"
    # Annotations removed: run-time types give back what HumanEval/0 declares, List[float], float -> bool.
    assert kept["HumanEval/0"]["types"] == {"parameters": ["List[float]", "float"], "returns": "bool"}
    assert kept["HumanEval/0"]["types_source"] == "inferred"
