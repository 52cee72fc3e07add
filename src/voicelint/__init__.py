"""voicelint: a brand-voice consistency linter.

``voicelint.lint(texts_or_paths, profile=...) -> list[Finding]`` is the Python API; heavy
back ends (spaCy, sentence-transformers) load only when a check needs them.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["lint", "Finding", "UserError", "__version__"]


def __getattr__(name):
    if name == "lint":
        from .api import lint
        return lint
    if name == "Finding":
        from .findings import Finding
        return Finding
    if name == "UserError":
        from voicelint.shared.errors import UserError
        return UserError
    raise AttributeError(name)
