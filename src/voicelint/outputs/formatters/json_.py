"""JSON: a list of findings, each with the SPEC's fields (``Finding.to_dict``)."""
from __future__ import annotations

import json

from .base import Formatter


class JsonFormatter(Formatter):
    name = "json"

    def finished(self, findings, notices, stats):
        self.write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))


class JsonLinesFormatter(Formatter):
    """JSON Lines: one finding a line (``Finding.to_dict``). ``check --format json --output
    x.jsonl`` writes it, as the run goes (:mod:`voicelint.outputs.stream`)."""
    name = "jsonl"

    def format(self, finding):
        return json.dumps(finding.to_dict(), ensure_ascii=False)
