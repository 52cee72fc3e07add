"""JSON: a list of findings, each with the SPEC's fields (``Finding.to_dict``)."""
from __future__ import annotations

import json

from .base import Formatter


class JsonFormatter(Formatter):
    name = "json"

    def finished(self, findings, notices, stats):
        self.write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
