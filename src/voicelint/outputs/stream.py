"""Findings written as the run goes: ``check --format json --output findings.jsonl``.

An archive audit runs for hours (docs/scale.md). Its findings go, one JSON object a line, to
``findings.jsonl.partial`` as soon as each post's are final (the engine's ``stream``: a post's own
findings after the post pass, the set checks' at the end), so a reader can follow the run and a
run that dies keeps what it found. When the run ends, the complete, sorted file replaces
``findings.jsonl`` in one rename (never a half-written output) and the partial file goes.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from voicelint.shared.errors import UserError

SUFFIXES = (".jsonl", ".ndjson")


def wanted(fmt: str | None, output: str | None) -> bool:
    """JSON to a ``.jsonl`` (or ``.ndjson``) file: JSON Lines, streamed."""
    return bool(output) and fmt in ("json", "jsonl") and str(output).lower().endswith(SUFFIXES)


class JsonLinesStream:
    def __init__(self, output: str):
        self.path = Path(output)
        self.partial = self.path.with_name(self.path.name + ".partial")
        try:
            self.fh = open(self.partial, "w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise UserError(f"cannot write the output file: {exc.strerror or exc}", path=str(self.partial)) from None
        self.count = 0

    def __call__(self, findings) -> None:
        for f in findings:
            self.fh.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            self.count += 1
        self.fh.flush()

    def finish(self, text: str) -> None:
        """The run is over: ``text`` (every finding, sorted) replaces the output at once."""
        from voicelint.shared.fsutil import atomic_write
        self.fh.close()
        try:
            atomic_write(self.path, text)
        except OSError as exc:
            raise UserError(f"cannot write the output file: {exc.strerror or exc}", path=str(self.path)) from None
        try:
            os.unlink(self.partial)
        except FileNotFoundError:
            pass

    def abandon(self) -> str:
        """The run failed: keep the partial file (what was found so far) and say where it is."""
        self.fh.close()
        if self.count == 0:
            try:
                os.unlink(self.partial)
            except FileNotFoundError:
                pass
            return ""
        return f"{self.count} findings found before the run stopped are in {self.partial}"
