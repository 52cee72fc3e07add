"""What a check type module provides, and what it returns.

A check *type* is a module in this package (``existence.py``, ``lexicon.py``...). It declares:

- ``TYPE``: the name rules use in ``extends:``;
- ``SCOPE``: ``"post"`` (judges one post at a time) or ``"set"`` (judges a set of posts);
- ``NEEDS``: a set of heavy resources it uses: ``"spacy"`` (lemmas, POS) and/or ``"semantic"``
  (embeddings); rules whose type needs ``"semantic"`` are skipped by ``--no-semantic``;
- ``OPTIONS``: the rule options it accepts and their types (``{"min_words": int, ...}``), and
  ``DEFAULTS`` for those a rule may leave out; the loader checks and converts them once, so
  ``rule.options`` holds every declared option (``checks/options.py``);
- ``POST_LEVEL`` (default false): its finding judges the whole post though it points at one
  place (a count, a length, a grade); the GitHub Action keeps it on any changed line;
- ``configure(rule)``: validate the options further and precompute once (raise ``RuleError``
  with the option as ``key``); returns a small frozen dataclass (or a plain value), kept as
  ``rule.compiled``;
- ``check(rule, post, ctx)`` (post scope) yielding :class:`Hit`, or
  ``check_set(rule, posts, ctx)`` (set scope) yielding ``(post, Hit)`` pairs.

Checks return the minimum (offsets in ``post.text``, message arguments, evidence); the engine
turns a Hit into a :class:`~voicelint.findings.Finding` with code, severity and position.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Hit:
    start: int = 0
    end: int = 0
    message: str | None = None      # full message; else the rule's message % args
    args: tuple = ()
    score: float | None = None
    threshold: float | None = None
    evidence: dict[str, Any] | None = None
    fix: dict[str, Any] | None = None  # {"replacement": str, "safe": bool}
    severity: str | None = None        # override the rule's level (rare)
