"""The transformers backend, generating for real with a tiny randomly initialised GPT-2
and a word-level tokenizer built here (no weights can be downloaded in tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from multiplt.llm import Request, open_backend

torch = pytest.importorskip("torch", reason="torch not installed (pip install 'multiplt[transformers]')")
transformers = pytest.importorskip("transformers", reason="transformers not installed (pip install 'multiplt[transformers]')")

CORPUS = ["def add ( a , b ) : return a + b", "local function sub ( a , b ) return a - b end", "x = 1 ; y = 2"]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    folder = tmp_path_factory.mktemp("tiny-gpt2")
    word_level = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    word_level.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    word_level.train_from_iterator(CORPUS, trainers.WordLevelTrainer(special_tokens=["[UNK]", "[EOS]", "[PAD]"]))
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=word_level, unk_token="[UNK]", eos_token="[EOS]", pad_token="[PAD]"
    )
    tokenizer.save_pretrained(folder)
    config = transformers.GPT2Config(
        vocab_size=len(tokenizer), n_positions=64, n_embd=16, n_layer=1, n_head=2,
        bos_token_id=1, eos_token_id=1, pad_token_id=2,
    )
    torch.manual_seed(0)
    transformers.GPT2LMHeadModel(config).save_pretrained(folder)
    return str(folder)


def test_generates_n_samples_per_request(tiny_model: str) -> None:
    backend = open_backend("transformers", tiny_model, device="cpu")
    results = list(backend.complete([Request("def add", n=3, temperature=1.0, max_tokens=6, seed=1), Request("x =", n=1, max_tokens=4)]))
    assert [len(samples) for samples in results] == [3, 1]
    assert all(isinstance(text, str) for samples in results for text in samples)


def test_the_same_seed_gives_the_same_samples(tiny_model: str) -> None:
    backend = open_backend("transformers", tiny_model, device="cpu")
    request = Request("def add", n=2, temperature=1.0, max_tokens=8, seed=3)
    assert list(backend.complete([request])) == list(backend.complete([request]))


def test_stop_sequence_cuts_the_greedy_completion_where_it_first_occurs(tiny_model: str) -> None:
    backend = open_backend("transformers", tiny_model, device="cpu")
    [[unstopped]] = backend.complete([Request("def add", temperature=0.0, max_tokens=12)])
    stop = unstopped.split()[2]  # a word the greedy text surely contains
    [[stopped]] = backend.complete([Request("def add", temperature=0.0, max_tokens=12, stop=(stop,))])
    assert stopped == unstopped[: unstopped.find(stop)]


def test_tokens_are_counted(tiny_model: str) -> None:
    backend = open_backend("transformers", tiny_model, device="cpu")
    list(backend.complete([Request("def add ( a", n=2, temperature=1.0, max_tokens=5, seed=0)]))
    assert backend.stats.prompt_tokens == 4
    assert 0 < backend.stats.completion_tokens <= 10


def test_a_repeated_run_is_served_from_the_cache(tiny_model: str, tmp_path: Path) -> None:
    request = Request("x =", n=2, temperature=1.0, max_tokens=4, seed=5)
    expected = list(open_backend("transformers", tiny_model, device="cpu", cache_path=tmp_path / "c.sqlite").complete([request]))
    again = open_backend("transformers", tiny_model, device="cpu", cache_path=tmp_path / "c.sqlite")
    assert list(again.complete([request])) == expected
    assert again.stats.requests == 0
