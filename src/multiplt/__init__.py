"""multiplt: the MultiPL-T method in one tool.

Mine Python functions, have a code LLM write unit tests for them, translate the
survivors into low-resource languages, keep the translations that pass, and
measure models on MultiPL-E.
"""

__version__ = "0.1.0"
