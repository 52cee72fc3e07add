"""SARIF 2.1.0 for code scanning (GitHub upload-sarif, IDE viewers).

One run: ``tool.driver`` lists every rule (``ruleId`` = our code, stable across versions),
each result points at ``%SRCROOT%``-relative URIs, and ``partialFingerprints`` hash the
rule, the file, the text of the finding's line and the message, so an alert keeps its
identity when lines above it are added or removed.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ._source import SourceLines, uri_of
from .base import Formatter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FAMILY = {"VL1": "lexicon", "VL2": "voice", "VL3": "platform", "VL4": "strategy", "VL5": "drift",
          "VL9": "profile"}
FINGERPRINT = "voicelint/v1"


def information_uri() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, metadata
        for entry in metadata("voicelint").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("homepage", "documentation", "source") and url.strip():
                return url.strip()
    except (ImportError, PackageNotFoundError):
        pass
    return "https://pypi.org/project/voicelint/"


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text, re.DOTALL)
    return (m.group(1) if m else text).strip()[:1024]


def _tags(code: str) -> list[str]:
    family = FAMILY.get(code[:3]) if code.startswith("VL") else code.split(".")[0]
    return ["voicelint", family] if family else ["voicelint"]


def rule_descriptor(code: str, meta: dict) -> dict:
    full = " ".join(str(meta.get("description") or meta.get("message") or code).replace("%s", "…").split())
    link = meta.get("link")
    help_text = f"{full}\n\nRun `voicelint explain {code}` for an example that fails and one that passes."
    if link:
        help_text += f"\nMore: {link}"
    d = {
        "id": code,
        "shortDescription": {"text": _first_sentence(full)},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": LEVEL.get(meta.get("severity") or "warning", "warning")},
        "properties": {"tags": _tags(code)},
    }
    if link:
        d["helpUri"] = link
    return d


def fingerprint(code: str, path: str, line_text: str | None, message: str) -> str:
    """Identity of a finding that does not depend on its line number."""
    text = " ".join(line_text.split()) if line_text is not None else ""
    key = "\0".join((code, path, text, " ".join(message.split())))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class SarifFormatter(Formatter):
    name = "sarif"

    def __init__(self, out, color=False, rules=None, tool_version="", root=None):
        super().__init__(out, color=color, rules=rules, tool_version=tool_version)
        self.source = SourceLines(root)

    def _location(self, f) -> dict:
        rel = self.source.relative(f.path)
        if rel is not None:
            artifact = {"uri": uri_of(rel), "uriBaseId": "%SRCROOT%"}
        else:
            artifact = {"uri": Path(f.path).resolve().as_uri()}
        line, col = max(f.line, 1), max(f.column, 1)
        end_line = max(f.end_line, line)
        end_col = max(f.end_column, col) if end_line == line else max(f.end_column, 1)
        region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
        return {"artifactLocation": artifact, "region": region}

    def _result(self, f, index: int, seen: dict) -> dict:
        loc = self._location(f)
        rel = self.source.relative(f.path) or f.path
        fp = fingerprint(f.code, rel, self.source.line(f.path, f.line), f.message)
        seen[fp] = seen.get(fp, 0) + 1
        props = {"severity": f.severity}
        for key in ("platform", "brand", "score", "threshold", "evidence"):
            value = getattr(f, key)
            if value is not None:
                props[key] = round(float(value), 4) if key in ("score", "threshold") else value
        if f.post_id and f.post_id != f.path:
            props["post"] = f.post_id
        result = {
            "ruleId": f.code,
            "ruleIndex": index,
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": loc}],
            "partialFingerprints": {FINGERPRINT: f"{fp}:{seen[fp]}"},
            "properties": props,
        }
        fix = f.fix or {}
        if fix.get("replacement") is not None:
            result["fixes"] = [{
                "description": {"text": f"Replace with “{fix['replacement']}”"},
                "artifactChanges": [{
                    "artifactLocation": loc["artifactLocation"],
                    "replacements": [{"deletedRegion": loc["region"],
                                      "insertedContent": {"text": str(fix["replacement"])}}],
                }],
                "properties": {"safe": bool(fix.get("safe"))},
            }]
        return result

    def finished(self, findings, notices, stats):
        meta = dict(self.rules)
        for f in findings:  # codes known only from findings (a rule pack's, the engine's)
            meta.setdefault(f.code, {"severity": f.severity, "description": f.message})
        codes = sorted(meta)
        index = {c: i for i, c in enumerate(codes)}
        seen: dict[str, int] = {}
        run = {
            "tool": {"driver": {
                "name": "voicelint",
                "version": self.tool_version or "0",
                "informationUri": information_uri(),
                "rules": [rule_descriptor(c, meta[c]) for c in codes],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": self.source.root.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [self._result(f, index[f.code], seen) for f in findings],
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"level": "note", "message": {"text": n}} for n in notices],
            }],
        }
        doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        self.write(json.dumps(doc, ensure_ascii=False, indent=2))
