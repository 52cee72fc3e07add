"""Rules are data: YAML files in Vale's rule format, grouped in packs (folders).

Built-in packs live in the top-level ``rules/`` folder (``core/``, ``fr/``, ``en/``,
``platform/``), shipped inside the wheel. A built-in rule carries a voicelint ``code``
(``VL101``); a rule from a user's pack (``--rules PATH``, e.g. a Vale style such as
``Microsoft/``) reports as ``<Pack>.<Rule>``. Every rule is validated and compiled when it
loads; a bad rule names its file. A Vale rule type voicelint does not support is skipped
with one notice.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voicelint.checks import _action, _scope, options as check_options, registry
from voicelint.shared.errors import RuleError
from voicelint.findings import normalise_severity
from voicelint.shared.fsutil import read_bounded
from voicelint.shared.messages import did_you_mean, one_of
from voicelint.shared.paths import PACKAGE_DIR
from voicelint.inputs.yamlutil import load_yaml_file

COMMON_KEYS = {
    "extends", "code", "message", "level", "description", "link", "scope", "lang", "platforms",
    "examples", "name", "vocab", "action", "limit", "fixable", "supersedes",
}
LEVELS = ("error", "warning", "info", "suggestion")


@dataclass
class Rule:
    code: str
    type: str
    severity: str
    message: str
    description: str = ""
    options: dict = field(default_factory=dict)
    lang: str | None = None
    platforms: tuple[str, ...] | None = None
    examples: dict = field(default_factory=dict)
    link: str | None = None
    pack: str = "voicelint"
    path: str = ""
    scope: Any = "text"        # a Vale scope name, or a tuple of them
    messages: dict = field(default_factory=dict)  # per language, when ``message`` is a mapping
    supersedes: tuple[str, ...] = ()  # codes this rule makes redundant on the same span
    action: dict | None = None         # Vale's action: {name, params} (a fix for --fix)
    vocab: bool = True                 # Vale: accepted vocabulary counts as exceptions
    accepted: tuple[str, ...] = ()     # accepted vocabulary of the pack (accept.txt)
    builtin: bool = False
    compiled: Any = None       # what the type's configure(rule) made of the options, once

    @property
    def module(self):
        mod = self.__dict__.get("_module")
        if mod is None:  # looked up once: the engine asks for it per post
            mod = self.__dict__["_module"] = registry.module(self.type)
        return mod

    @property
    def needs(self) -> set:
        return set(getattr(self.module, "NEEDS", set()))

    @property
    def set_scope(self) -> bool:
        return getattr(self.module, "SCOPE", "post") == "set"

    @property
    def post_level(self) -> bool:
        """Whether the type's finding judges the whole post (a count, a length, a grade), though
        it points at one place: the check module says so (``POST_LEVEL``)."""
        return bool(getattr(self.module, "POST_LEVEL", False))

    def applies_to(self, lang: str | None, platform: str | None) -> bool:
        if self.lang and lang and self.lang != lang:
            return False
        if self.platforms and platform not in self.platforms:
            return False
        return True

    def format_message(self, args: tuple, lang: str | None = None) -> str:
        """The message with Vale-style ``%s`` arguments filled in, in the post's language."""
        msg = self.messages.get(lang or "", self.message)
        n = msg.count("%s")
        if n == 0:
            return msg
        parts = msg.split("%s")
        args = [str(a) for a in args] + [""] * (n - len(args))
        return "".join(p + (args[i] if i < n else "") for i, p in enumerate(parts))


def builtin_rules_dir() -> Path:
    packaged = PACKAGE_DIR / "_data" / "rules"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent.parent / "rules"  # source checkout / editable install


def builtin_profiles_dir() -> Path:
    packaged = PACKAGE_DIR / "_data" / "brand_profiles"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent.parent / "brand_profiles"


_TEXT_KEYS = ("code", "level", "lang", "link", "description")
_TEXTS_KEYS = ("platforms", "supersedes")


def _check_plain_keys(data: dict, err) -> None:
    """The keys every rule shares hold plain values: a list or mapping where a text belongs is
    an error naming the key, never a crash (or a code printed as "['x']") later on."""
    def text(v):
        return isinstance(v, (str, int, float)) and not isinstance(v, bool)
    if not isinstance(data.get("extends"), (str, type(None))):
        raise err("expected 'extends' to be a check type name (existence, substitution, ...)", "extends")
    for key in _TEXT_KEYS:
        if data.get(key) is not None and not text(data[key]):
            raise err(f"expected '{key}' to be a text", key)
    for key in _TEXTS_KEYS:
        v = data.get(key)
        if v is not None and not text(v) and not (isinstance(v, list) and all(text(x) for x in v)):
            raise err(f"expected '{key}' to be a text or a list of texts", key)
    m = data.get("message")
    if m is not None and not text(m) and not (isinstance(m, dict) and all(text(x) for x in m.values())):
        raise err("expected 'message' to be a text, or a mapping of language: text", "message")
    if data.get("examples") is not None and not isinstance(data["examples"], dict):
        raise err("expected 'examples' to be a mapping (fail:, pass:)", "examples")


def load_rule_file(path: Path, pack: str, lang: str | None, notices: list[str] | None = None,
                   builtin: bool = False, skipped: dict | None = None,
                   accepted: tuple[str, ...] = (), approximated: dict | None = None,
                   data: dict | None = None) -> Rule | None:
    """One rule, validated and compiled. A Vale type voicelint does not support returns None:
    recorded in ``skipped`` (type -> rule names) when given, else named in ``notices``. Vale
    scopes read as plain text are recorded in ``approximated`` (scope -> rule names). ``data``:
    the rule's mapping when it is made rather than read (Vale's built-in ``Vale`` style)."""
    loc = _load_rule_yaml(path) if data is None else _Made(data)
    data = loc.data
    spath = str(path)
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping (extends:, message:, ...)", path=spath, line=1)

    def err(msg, key=None):
        line, col = loc.where((key,)) if key else (1, 1)
        return RuleError(msg, path=spath, line=line, column=col, key=key)

    _check_plain_keys(data, err)
    kind = data.get("extends")
    if not isinstance(kind, str) or not kind:
        raise err("missing 'extends:' (the check type: existence, substitution, ...)", "extends")
    kind = kind.strip().lower()
    if not registry.known(kind):
        if registry.is_unsupported_vale(kind):
            if skipped is not None:
                skipped.setdefault(kind, []).append(path.stem)
            elif notices is not None:
                notices.append(f"{spath}: rule type '{kind}' is not supported by voicelint; rule skipped")
            return None
        raise err(f"unknown rule type '{kind}'{did_you_mean(kind, registry.names())}; "
                  f"expected one of {one_of(registry.names())}", "extends")
    module = registry.module(kind)
    code = data.get("code")
    if builtin and not code:
        raise err("a built-in rule needs a 'code' (VLnnn)", "code")
    code = str(code) if code else f"{pack}.{path.stem}"
    level = normalise_severity(data.get("level", "warning"))
    if level not in ("error", "warning", "info"):
        raise err(f"expected level one of {one_of(LEVELS)}, got '{data.get('level')}'", "level")
    allowed = COMMON_KEYS | set(getattr(module, "OPTIONS", {}))
    options = {}
    for k, v in data.items():
        if k in COMMON_KEYS:
            continue
        if k not in allowed:
            if builtin:
                raise err(f"unknown key '{k}' for a rule of type '{kind}'{did_you_mean(k, allowed)}", k)
            continue  # Vale keys we do not use are ignored, as Vale ignores unknown keys
        options[k] = v
    scope = data.get("scope") or "text"
    if isinstance(scope, list):
        scope = tuple(str(x) for x in scope)
    elif not isinstance(scope, str):
        raise err("expected 'scope' to be a scope name or a list of them (text, heading, ...)", "scope")
    try:
        for name in _scope.parse(scope).approximated:
            if approximated is not None:
                approximated.setdefault(name, []).append(path.stem)
    except RuleError as exc:
        raise err(exc.message, "scope") from None
    vocab = data.get("vocab", True)
    if not isinstance(vocab, bool):
        raise err(f"expected 'vocab' to be true or false, got {vocab!r}", "vocab")
    platforms_ = data.get("platforms")
    if not isinstance(platforms_, (list, type(None))):
        platforms_ = [str(platforms_)]
    message = data.get("message") or data.get("description") or code
    messages = {}
    if isinstance(message, dict):
        messages = {str(k): str(v) for k, v in message.items()}
        message = messages.get("en") or next(iter(messages.values()))
    rule = Rule(
        code=code, type=kind, severity=level, messages=messages,
        message=str(message),
        description=str(data.get("description") or data.get("message") or ""),
        options=options, lang=data.get("lang") or lang,
        platforms=tuple(platforms_) if platforms_ else None,
        examples=data.get("examples") or {}, link=data.get("link"), pack=pack, path=spath,
        scope=scope, action=_action.validate(data.get("action")), vocab=vocab,
        accepted=tuple(accepted), builtin=builtin,
        supersedes=tuple(str(c) for c in _match_list(data.get("supersedes"))),
    )
    try:
        rule.options = check_options.read(module, options)
        rule.compiled = module.configure(rule)
    except RuleError as exc:
        if exc.path:
            raise
        line, col = loc.where((exc.key,)) if exc.key else (1, 1)
        raise RuleError(exc.message, path=spath, line=line, column=col, key=exc.key) from None
    return rule


def _load_rule_yaml(path: Path):
    """A rule file's YAML. Go's YAML reader (Vale's) accepts ``\\'`` in a double-quoted string
    ("you\\'re"), PyYAML does not: such a file is read again with ``\\'`` as ``'``."""
    try:
        return load_yaml_file(path, RuleError)
    except RuleError as exc:
        if "unknown escape character \"'\"" not in exc.message:
            raise
        from voicelint.inputs.yamlutil import load_yaml_text
        text = path.read_text(encoding="utf-8-sig")
        return load_yaml_text(re.sub(r"(?<!\\)((?:\\\\)*)\\'", r"\1'", text), str(path), RuleError)


class _Made:
    """A rule mapping made in code, in place of a YAML file's located data."""

    def __init__(self, data: dict):
        self.data = data

    def where(self, _keypath) -> tuple[int, int]:
        return 1, 1


def _match_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


VALE_CONFIG_DIRS = {"config", "vocab", "vocabularies", ".github"}


def _has_rules(folder: Path) -> bool:
    return any(p.suffix in (".yml", ".yaml") and p.is_file() for p in folder.iterdir())


def accepted_vocabulary(styles_path: Path) -> tuple[str, ...]:
    """Terms of every ``accept.txt`` under a Vale StylesPath (``config/vocabularies/<Name>/``
    in Vale 3, ``Vocab/<Name>/`` in Vale 2): Vale's accepted words, one per line, ``#`` comments."""
    terms: list[str] = []
    for pattern in ("config/vocabularies/*/accept.txt", "Vocab/*/accept.txt"):
        for f in sorted(styles_path.glob(pattern)):
            try:
                lines = read_bounded(f, 5 * 1024 * 1024).decode("utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError) as exc:  # a FIFO or /dev/zero is refused unread
                raise RuleError(f"cannot read the vocabulary: {exc}", path=str(f)) from None
            terms.extend(t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#"))
    return tuple(dict.fromkeys(terms))


def load_pack(folder: Path, notices: list[str] | None = None, builtin: bool = False,
              accepted: tuple[str, ...] | None = None) -> list[Rule]:
    """Every rule of a pack folder (or one rule file). A folder of packs (a Vale StylesPath, or
    a downloaded package such as ``Microsoft/`` holding ``Microsoft/*.yml``) loads each pack;
    Vale's ``config/`` and ``Vocab/`` folders are not packs. Rule types voicelint does not
    support are named once per pack and type in ``notices``."""
    folder = Path(folder)
    if not folder.exists():
        raise RuleError("rule pack not found (expected a folder of YAML rules)", path=str(folder))
    if accepted is None:
        accepted = () if builtin or folder.is_file() else accepted_vocabulary(folder)
    if folder.is_file():
        files, pack = [folder], folder.parent.name
    else:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        pack = folder.name
        if not files:
            subs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
                          and p.name.lower() not in VALE_CONFIG_DIRS)
            out: list[Rule] = []
            found = False
            for sub in subs:
                if _has_rules(sub) or any(q.is_dir() and _has_rules(q) for q in sub.iterdir()):
                    found = True
                    out.extend(load_pack(sub, notices, builtin, accepted))
            if not found:
                raise RuleError("rule pack has no .yml rules (expected a folder of Vale-format "
                                "YAML rules, or a folder of such folders)", path=str(folder))
            return out
    lang = pack if pack in ("fr", "en") else None
    rules = []
    skipped: dict[str, list[str]] = {}
    approximated: dict[str, list[str]] = {}
    for f in files:
        r = load_rule_file(f, pack, lang, notices, builtin=builtin, skipped=skipped, accepted=accepted,
                           approximated=approximated)
        if r is not None:
            rules.append(r)
    if notices is not None:
        def names(xs):
            return ", ".join(f"{pack}.{x}" for x in xs)
        msgs = [f"{pack}: {len(xs)} rule{'s' * (len(xs) != 1)} of type '{kind}' skipped, not supported "
                f"by voicelint ({names(xs)})" for kind, xs in sorted(skipped.items())]
        msgs += [f"{pack}: scope '{scope}' is read as the whole text ({names(xs)})"
                 for scope, xs in sorted(approximated.items())]
        notices.extend(m for m in msgs if m not in notices)
    return rules


def load_packs(paths, notices: list[str] | None = None) -> list[Rule]:
    """Rules of several packs; a rule reached twice (a pack given in the config and on the
    command line, or a StylesPath and one of its packs) loads once."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for p in dict.fromkeys(str(Path(p).resolve()) for p in paths):
        for rule in load_pack(Path(p), notices):
            if rule.path not in seen:
                seen.add(rule.path)
                rules.append(rule)
    return rules


@functools.lru_cache(maxsize=1)
def _builtin_cached() -> tuple[Rule, ...]:
    base = builtin_rules_dir()
    rules: list[Rule] = []
    for sub in sorted(p for p in base.iterdir() if p.is_dir()):
        rules.extend(load_pack(sub, builtin=True))
    seen: dict[str, str] = {}
    for r in rules:
        key = (r.code, r.lang)
        if key in seen:
            raise RuleError(f"duplicate rule code {r.code} (also in {seen[key]})", path=r.path)
        seen[key] = r.path
    return tuple(rules)


def builtin_rules() -> list[Rule]:
    return list(_builtin_cached())


def builtin_codes() -> set[str]:
    return {r.code for r in builtin_rules()}
