import pytest

pytest.importorskip("torch", reason="training tests need the train extra (pip install -e '.[train]')")
pytest.importorskip("transformers", reason="training tests need the train extra (pip install -e '.[train]')")
