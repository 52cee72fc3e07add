"""Output formats: one small class per format, looked up by name."""
from __future__ import annotations

import importlib
import importlib.util
import io

FORMATS = {
    "text": ("text", "TextFormatter"),
    "json": ("json_", "JsonFormatter"),
    "jsonl": ("json_", "JsonLinesFormatter"),
    "github": ("github", "GithubFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "rdjsonl": ("rdjsonl", "RdjsonlFormatter"),
}


def names() -> list[str]:
    return [n for n, (mod, _) in FORMATS.items()
            if importlib.util.find_spec(f"voicelint.outputs.formatters.{mod}") is not None]


def get(name: str):
    mod, cls = FORMATS[name]
    return getattr(importlib.import_module(f"voicelint.outputs.formatters.{mod}"), cls)


def render(name: str, findings: list, notices=(), stats: dict | None = None, *, rules: dict | None = None,
           color: bool = False, **options) -> str:
    """The whole output of format ``name``: ``start()``, ``format()`` of each finding, then
    ``finished()``. ``options`` go to the formatter (``root=`` for SARIF)."""
    from voicelint import __version__
    buf = io.StringIO()
    formatter = get(name)(buf, color=color, rules=rules or {}, tool_version=__version__, **options)
    formatter.start()
    for f in findings:
        text = formatter.format(f)
        if text is not None:
            buf.write(text + "\n")
    formatter.finished(findings, list(notices), stats or {})
    return buf.getvalue()


def rules_meta(rules) -> dict:
    """``{code: {severity, description, message, link, type}}`` of the loaded rules and the
    engine's own codes: what SARIF and rdjsonl say about each rule."""
    from voicelint.api import ENGINE_RULES
    meta = {}
    for r in rules:
        meta.setdefault(r.code, {"severity": r.severity, "description": r.description,
                                 "message": r.message, "link": r.link, "type": r.type})
    for code, (sev, desc) in ENGINE_RULES.items():
        meta.setdefault(code, {"severity": sev, "description": desc, "message": desc, "link": None,
                               "type": "engine"})
    return meta
