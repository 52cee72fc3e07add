"""Brand profile: schema, loading and validation with file:line:column errors.

The schema is data (``SCHEMA``); ``validate`` walks it and raises a ProfileError naming the
file, line, column, key path, what was expected, and "did you mean" for unknown keys.
Semantic judgements about a valid profile (everything primary, a term both forbidden and
allowed...) are VL9xx findings from ``checks/profile_checks.py``, not errors.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import platforms
from voicelint.shared.errors import ProfileError
from voicelint.shared.messages import did_you_mean, one_of
from .yamlutil import Located, load_yaml_file, load_yaml_text

STRATEGY_TYPES = ("pratique", "creative", "championne", "transformatrice")
OBJECTIVE_LEVELS = ("primary", "secondary", "none")
LINK_POLICIES = ("none", "optional", "required", "owned")
SEVERITY_NAMES = ("error", "warning", "info", "off")
ALLOW_OUTSIDE_ENV = "VOICELINT_ALLOW_OUTSIDE_PATHS"

# --- schema -------------------------------------------------------------------------------
STR = {"type": "str"}
STRS = {"type": "list", "items": STR}
NUM01 = {"type": "number", "min": 0, "max": 1}
COUNT = {"type": "int", "min": 0, "nullable": True}
MAX = {"type": "map", "keys": {"max": COUNT}}
TOPIC = {"type": "map", "required": ["id"], "keys": {
    "id": STR, "description": STR, "examples": STRS, "keywords": STRS,
}}
# A pillar may say what share of the posts it should have (VL405/VL406 test the mix against it;
# `profile learn` writes the share of the brand's history it proposes).
PILLAR = {"type": "map", "required": ["id"], "keys": {**TOPIC["keys"], "share": NUM01}}
PLATFORM = {"type": "map", "keys": {
    "max_chars": COUNT, "min_chars": COUNT, "hashtags": MAX, "mentions": MAX, "emoji": MAX,
    "exclamation": MAX, "links": {"type": "enum", "values": LINK_POLICIES},
    "formality_delta": {"type": "number", "min": -1, "max": 1},
    "tolerance": {"type": "number", "min": 0, "max": 10},
    "address": {"type": "enum", "values": ("tu", "vous")},
    "enabled": {"type": "bool"},
}}
# How an objective is measured: a name, or {name, metric, target}. ``metric`` names an engagement
# count the posts can carry (exports, calendar columns), which ``report`` then shows.
INDICATOR_METRICS = ("likes", "shares", "comments", "impressions", "engagement")
INDICATOR = {"type": "oneof", "scalar_ok": True, "what": "an indicator: a name, or a mapping with name (and metric, target)",
             "options": [STR, {"type": "map", "required": ["name"], "keys": {
                 "name": STR, "metric": {"type": "enum", "values": INDICATOR_METRICS}, "target": STR}}]}
SCHEMA: dict = {"type": "map", "required": ["name"], "keys": {
    "name": STR,
    "id": STR,
    "language": {"type": "enum", "values": ("fr", "en")},
    "proposition": STR,
    "audience": STR,
    "strategy": {"type": "map", "keys": {
        "type": {"type": "enum", "values": STRATEGY_TYPES},
        "objectives": {"type": "dict", "values": {"type": "enum", "values": OBJECTIVE_LEVELS}},
        "indicators": {"type": "dict", "values": {"type": "list", "items": INDICATOR}},
    }},
    "pillars": {"type": "list", "items": PILLAR},
    "off_strategy": {"type": "list", "items": TOPIC},
    "voice": {"type": "map", "keys": {
        "persona": STR,
        "address": {"type": "enum", "values": ("tu", "vous")},
        "person": {"type": "enum", "values": ("nous", "je", "we", "i", "on")},
        "formality": NUM01,
        "traits": STRS,
        "emoji": MAX,
        "exclamation": MAX,
        "examples": STRS,
        "examples_from": STR,
        "counter_examples": STRS,
        "counter_examples_from": STR,
    }},
    "competitors": {"type": "list", "items": {"type": "map", "required": ["name"], "keys": {
        "name": STR, "aliases": STRS, "examples": STRS, "examples_from": STR,
    }}},
    "lexicon": {"type": "map", "keys": {
        "banned": STRS,
        "preferred": {"type": "dict", "values": STR},
        "claims": {"type": "map", "keys": {"forbidden": STRS, "allowed": STRS}},
    }},
    "owned_domains": STRS,
    "platforms": {"type": "platforms", "values": PLATFORM},
    "rules": {"type": "map", "keys": {
        "select": STRS, "ignore": STRS,
        "severity": {"type": "dict", "values": {"type": "enum", "values": SEVERITY_NAMES}},
        # code -> the most findings of it one approved post has: `profile learn` made the rule
        # `info`, and a post with more gets the rule's own severity back (engine.over_habit)
        "habits": {"type": "dict", "values": {"type": "int", "min": 0}},
    }},
    "nlp": {"type": "map", "keys": {"fr": STR, "en": STR}},
    "model": STR,
    # rule code (VL210, VL401...) or setting -> number; false_alarm_target: what `profile learn`
    # keeps the share of approved posts flagged out of fold under (voicelint.judgement.calibration)
    "thresholds": {"type": "dict", "values": {"type": "number"},
                   "keys": {"false_alarm_target": {"type": "number", "min": 0.005, "max": 0.3}}},
    "learned": {"type": "any"},
}}

_TYPE_NAMES = {"str": "a text", "int": "a whole number", "number": "a number", "bool": "true or false",
               "list": "a list", "map": "a mapping", "dict": "a mapping", "platforms": "a mapping"}


def _describe(spec) -> str:
    if spec["type"] == "enum":
        return f"one of {one_of(spec['values'])}"
    return _TYPE_NAMES.get(spec["type"], spec["type"])


def _kind(value) -> str:
    if value is None:
        return "nothing"
    return {bool: "true/false", int: "a number", float: "a number", str: "a text",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def validate(value: Any, spec: dict, keypath: tuple, loc: Located, errors: list) -> Any:
    """Validate ``value`` against ``spec``; normalise it (str lists from a scalar, etc.)."""
    t = spec["type"]

    def fail(msg, kp=keypath):
        line, col = loc.where(kp)
        errors.append(ProfileError(msg, path=loc.path, line=line, column=col, key=_keystr(kp)))

    if t == "any":
        return value
    if t == "oneof":  # the first option that validates without error
        for option in spec["options"]:
            trial: list = []
            out = validate(value, option, keypath, loc, trial)
            if not trial:
                return out
        if isinstance(value, dict) and spec["options"][-1]["type"] == "map":
            return validate(value, spec["options"][-1], keypath, loc, errors)  # its precise error
        fail(f"expected {spec['what']}, got {_kind(value)}")
        return value
    if value is None and (spec.get("nullable") or t in ("list", "map", "dict", "platforms")):
        return value
    if t == "str":
        if isinstance(value, bool) or isinstance(value, (list, dict)) or value is None:
            fail(f"expected {_describe(spec)}, got {_kind(value)}")
            return value
        return str(value)
    if t == "enum":
        v = value.lower() if isinstance(value, str) else value
        if v is False and "off" in spec["values"]:
            v = "off"   # YAML 1.1 reads a bare `off` as false: `VL203: off` means off
        if v not in spec["values"]:
            fail(f"expected {_describe(spec)}, got '{value}'{did_you_mean(value, spec['values'])}")
        return v
    if t in ("int", "number"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and t == "number" and isinstance(value, int) and abs(value) > 1e300:
            value = math.inf  # a 400-digit whole number: float() would overflow
        if ok and isinstance(value, float) and not math.isfinite(value):
            fail(f"expected {_describe(spec)}, got '{value}' (not a finite number)")
            return value
        if t == "int" and ok and isinstance(value, float) and not value.is_integer():
            ok = False
        if not ok:
            fail(f"expected {_describe(spec)}, got {_kind(value)} '{value}'")
            return value
        if "min" in spec and value < spec["min"] or "max" in spec and value > spec["max"]:
            fail(f"expected {_describe(spec)} between {spec.get('min')} and {spec.get('max')}, got {value}")
        return int(value) if t == "int" else float(value)
    if t == "bool":
        if not isinstance(value, bool):
            fail(f"expected true or false, got {_kind(value)}")
        return value
    if t == "list":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and \
                (spec["items"]["type"] == "str" or spec["items"].get("scalar_ok")):
            value = [value]
        if not isinstance(value, list):
            fail(f"expected {_describe(spec)}, got {_kind(value)}")
            return value
        return [validate(v, spec["items"], keypath + (i,), loc, errors) for i, v in enumerate(value)]
    if t in ("map", "dict", "platforms"):
        if not isinstance(value, dict):
            fail(f"expected a mapping, got {_kind(value)}")
            return value
        out = {}
        if t == "map":
            for req in spec.get("required", []):
                if value.get(req) in (None, ""):
                    fail(f"missing required key '{req}'")
            for k, v in value.items():
                sub = spec["keys"].get(k)
                if sub is None:
                    fail(f"unknown key '{k}'{did_you_mean(k, spec['keys'])}; expected one of "
                         f"{one_of(spec['keys'])}", keypath + (k,))
                    continue
                out[k] = validate(v, sub, keypath + (k,), loc, errors)
            return out
        for k, v in value.items():
            if t == "platforms":
                canon = platforms.canonical(k)  # unknown names are VL906 findings, not load errors
                checked = validate(v if v is not None else {}, spec["values"], keypath + (k,), loc, errors)
                # `x:` and `twitter:` are one platform: merged, not the later one alone
                both = isinstance(out.get(canon), dict) and isinstance(checked, dict)
                out[canon] = platforms.merge_settings(out[canon], checked) if both else checked
            else:
                sub = spec.get("keys", {}).get(k, spec["values"])
                out[str(k)] = validate(v, sub, keypath + (k,), loc, errors)
        return out
    raise AssertionError(f"unknown schema type {t}")


def _keystr(kp: tuple) -> str:
    out = ""
    for k in kp:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


# --- the Profile object ----------------------------------------------------------------------
@dataclass
class Profile:
    data: dict
    path: str = "<profile>"
    loc: Located | None = None
    _examples_cache: dict = field(default_factory=dict, repr=False)

    # identity
    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def id(self) -> str:
        if self.data.get("id"):
            return self.data["id"]
        if self.path and not self.path.startswith("<"):
            return Path(self.path).stem
        return _slug(self.name)

    @property
    def language(self) -> str | None:
        return self.data.get("language")

    def get(self, *keys, default=None):
        cur: Any = self.data
        for k in keys:
            if not isinstance(cur, dict) or cur.get(k) is None:
                return default
            cur = cur[k]
        return cur

    @property
    def voice(self) -> dict:
        return self.data.get("voice") or {}

    @property
    def lexicon(self) -> dict:
        return self.data.get("lexicon") or {}

    @property
    def pillars(self) -> list[dict]:
        return self.data.get("pillars") or []

    @property
    def off_strategy(self) -> list[dict]:
        return self.data.get("off_strategy") or []

    @property
    def competitors(self) -> list[dict]:
        return self.data.get("competitors") or []

    @property
    def has_strategy(self) -> bool:
        return bool(self.data.get("proposition")) and bool(self.pillars)

    def where(self, *keypath) -> tuple[int, int]:
        if self.loc is None:
            return (1, 1)
        line, col = self.loc.where(tuple(keypath))
        return (line or 1, col or 1)

    def platform(self, name: str | None) -> dict:
        """Settings for a platform: the profile's over the platform's real defaults."""
        name = platforms.canonical(name)
        base = dict(platforms.PLATFORM_DEFAULTS.get(name or "", {}))
        own = (self.data.get("platforms") or {}).get(name or "") or {}
        for k, v in own.items():
            if isinstance(v, dict) and isinstance(base.get(k), dict):
                merged = dict(base[k])
                merged.update(v)
                base[k] = merged
            else:
                base[k] = v
        return base

    def allowed_roots(self) -> list[Path]:
        """Folders a profile may read examples from: its own folder, the Git work tree that
        holds it, and the current directory. A profile that came with a pull request must not
        make the linter read ``/etc/passwd`` or ``~/.ssh`` and quote it as "nearest example"."""
        roots = [Path.cwd().resolve()]
        if self.path and not self.path.startswith("<"):
            folder = Path(self.path).resolve().parent
            roots.append(folder)
            for d in (folder, *folder.parents):
                if (d / ".git").exists():
                    roots.append(d)
                    break
        return roots

    def resolve(self, rel: str) -> Path:
        base = Path(self.path).parent if self.path and not self.path.startswith("<") else Path.cwd()
        return (base / rel)

    def examples(self, section: str, key: str = "examples", item: dict | None = None) -> list[str]:
        """Inline examples plus those read from ``<key>_from`` (folder, .jsonl, .csv)."""
        holder = item if item is not None else (self.data.get(section) or {})
        cache_key = (section, key, id(holder))
        if cache_key in self._examples_cache:
            return self._examples_cache[cache_key]
        out = [str(x) for x in holder.get(key) or []]
        src = holder.get(f"{key}_from")
        if src:
            keypath: tuple = (section, f"{key}_from")
            if item is not None:
                index = next((i for i, x in enumerate(self.data.get(section) or []) if x is item), 0)
                keypath = (section, index, f"{key}_from")
            roots = None if os.environ.get(ALLOW_OUTSIDE_ENV) == "1" else self.allowed_roots()
            try:
                out.extend(read_examples(self.resolve(src), "", roots))
            except ProfileError as exc:
                line, col = self.where(*keypath)
                raise ProfileError(exc.message, path=self.path, line=line, column=col,
                                   key=_keystr(keypath)) from None
        self._examples_cache[cache_key] = out
        return out


def _slug(s: str) -> str:
    import re
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "brand"


def _inside(path: Path, roots: list[Path]) -> bool:
    real = Path(os.path.realpath(path))
    return any(real == r or r in real.parents for r in roots)


def read_example_posts(path: Path, what: str, roots: list[Path] | None = None) -> list:
    """Every non-empty post under ``path`` (a folder of drafts, a .jsonl or .csv calendar), with
    its metadata (platform...). With ``roots``, every file read (symbolic links followed) must
    lie inside one of them."""
    from .documents import discover, parse_file
    from voicelint.shared.errors import DraftError, EmptyDraft

    what = f"{what}: " if what else ""
    if not path.exists():
        raise ProfileError(f"{what}no such file or directory: {path}")
    posts = []
    for f in discover([path]):
        if roots is not None and not _inside(f, roots):
            raise ProfileError(f"{what}{f} is outside the profile's folder, its Git work tree and "
                               f"the current directory; set {ALLOW_OUTSIDE_ENV}=1 to allow it")
        try:
            posts.extend(p for p in parse_file(f) if p.text.strip())
        except EmptyDraft:
            continue  # an empty example file has nothing to learn from
        except DraftError as exc:
            raise ProfileError(f"{what}{exc}") from None
    return posts


def read_examples(path: Path, what: str, roots: list[Path] | None = None) -> list[str]:
    """Texts of every post under ``path`` (see :func:`read_example_posts`)."""
    return [p.text.strip() for p in read_example_posts(path, what, roots)]


def from_dict(data: dict, path: str = "<profile>") -> Profile:
    errors: list = []
    loc = Located(data=data, path=path)
    clean = validate(data, SCHEMA, (), loc, errors)
    if errors:
        raise errors[0]
    return Profile(clean, path=path, loc=loc)


def load(path: str | Path, all_errors: list | None = None) -> Profile:
    loc = load_yaml_file(path, ProfileError)
    return _from_located(loc, all_errors)


def loads(text: str, path: str = "<profile>", all_errors: list | None = None) -> Profile:
    return _from_located(load_yaml_text(text, path, ProfileError), all_errors)


def _from_located(loc: Located, all_errors: list | None) -> Profile:
    if loc.data is None:
        raise ProfileError("empty profile: expected a mapping with at least 'name'", path=loc.path, line=1)
    if not isinstance(loc.data, dict):
        raise ProfileError(f"expected a mapping at the top level, got {_kind(loc.data)}", path=loc.path, line=1)
    errors: list = []
    clean = validate(loc.data, SCHEMA, (), loc, errors)
    if errors:
        if all_errors is not None:
            all_errors.extend(errors)
        raise errors[0]
    return Profile(clean, path=loc.path, loc=loc)
