"""Output formats: one small class per format, looked up by name."""
from __future__ import annotations

import importlib
import importlib.util

FORMATS = {
    "text": ("text", "TextFormatter"),
    "json": ("json_", "JsonFormatter"),
    "github": ("github", "GithubFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "rdjsonl": ("rdjsonl", "RdjsonlFormatter"),
}


def names() -> list[str]:
    return [n for n, (mod, _) in FORMATS.items()
            if importlib.util.find_spec(f"voicelint.formatters.{mod}") is not None]


def get(name: str):
    mod, cls = FORMATS[name]
    return getattr(importlib.import_module(f"voicelint.formatters.{mod}"), cls)
