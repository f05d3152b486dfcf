"""One module per language: values, types, prompt, tests, stop tokens, how to run."""

from multiplt.languages.base import Language, PyAssert, PyFunction, TestBlock, TranslationError
from multiplt.languages.registry import LANGUAGES, TARGETS, get_language

__all__ = ["LANGUAGES", "TARGETS", "Language", "PyAssert", "PyFunction", "TestBlock", "TranslationError", "get_language"]
