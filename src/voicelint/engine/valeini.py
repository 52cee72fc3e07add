"""A Vale set-up run unchanged: read ``.vale.ini`` (given, or found as Vale finds it).

What is read: ``StylesPath``, ``MinAlertLevel``, ``Vocab`` (``accept.txt`` / ``reject.txt``),
``BasedOnStyles`` and ``Style.Rule = YES|NO|<level>`` globally and per glob section
(``[*.md]``, ``[docs/**]``), ``BlockIgnores`` (or its older name ``IgnorePatterns``) /
``TokenIgnores``, ``IgnoredScopes`` (``strong``, ``em``), ``SkippedScopes`` (``blockquote``, HTML
elements by tag), ``IgnoredClasses``, and ``<!-- vale off -->`` / ``<!-- vale on -->`` /
``<!-- vale Style.Rule = NO -->`` comments in the drafts (not for ``raw``/``summary`` rules,
which Vale runs after its walk, comments reset). Any other key
gets one notice naming it. Vale's built-in style ``Vale`` is ``Vale.Repetition``,
``Vale.Spelling`` and, from the vocabulary, ``Vale.Terms`` (accepted spellings) and
``Vale.Avoid`` (rejected words).

The rules a section turns on are loaded for the whole run; :meth:`ValeConfig.keep` then keeps a
finding only when Vale would have run its rule on that file (and at or above MinAlertLevel).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from voicelint.shared.errors import ConfigError

CONFIG_NAMES = (".vale", "_vale", "vale.ini", ".vale.ini", "_vale.ini")  # Vale's search order
LEVELS = {"suggestion": 0, "warning": 1, "error": 2}
TO_VOICELINT = {"suggestion": "info", "warning": "warning", "error": "error"}
CORE_KEYS = {"StylesPath", "MinAlertLevel", "Vocab", "IgnoredScopes", "SkippedScopes", "IgnoredClasses"}
SECTION_KEYS = {"BasedOnStyles", "BlockIgnores", "TokenIgnores", "IgnorePatterns"}
_NOTICE_ONLY = {"WordTemplate", "NLPEndpoint",
                "Packages", "Transform", "Lang", "CommentDelimiters"}
_COMMENT = re.compile(r"<!--\s*vale (off|on)\s*-->|<!--\s*vale ([^\s=]+\.[^\s=]+) = (YES|NO)\s*-->")


def find(start: Path | None = None) -> Path | None:
    """The configuration Vale would read: ``VALE_CONFIG_PATH``, else the first of its names in
    the current folder or one of its parents (Vale's user-wide default is not read)."""
    env = os.environ.get("VALE_CONFIG_PATH")
    if env:
        return Path(env)
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            p = folder / name
            if p.is_file():
                return p
    return None


def glob_regex(pattern: str) -> re.Pattern:
    """Vale's section globs: ``*`` crosses folders unless the pattern has ``**`` (then it is a
    doublestar glob, ``*`` within one folder); ``{a,b}``, ``?`` and ``[...]`` as usual."""
    double = "**" in pattern
    out, i, depth = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i) and double:
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*" if double else ".*")
        elif c == "?":
            out.append("[^/]" if double else ".")
        elif c == "{":
            depth += 1
            out.append("(?:")
        elif c == "}" and depth:
            depth -= 1
            out.append(")")
        elif c == "," and depth:
            out.append("|")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


@dataclass
class Section:
    name: str
    pattern: re.Pattern | None          # None: the core section / [*]
    negated: bool = False
    styles: list[str] | None = None     # BasedOnStyles (None: not set here)
    checks: dict[str, bool] = field(default_factory=dict)
    block_ignores: list[str] = field(default_factory=list)
    token_ignores: list[str] = field(default_factory=list)

    def matches(self, rel: str) -> bool:
        if self.pattern is None:
            return True
        return bool(self.pattern.match(rel)) != self.negated


@dataclass
class ValeConfig:
    path: Path
    styles_path: Path | None = None
    min_level: int = 1                  # Vale's default MinAlertLevel is warning
    vocab: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    global_styles: list[str] = field(default_factory=list)
    global_checks: dict[str, bool] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)   # rule -> Vale level
    sections: list[Section] = field(default_factory=list)
    global_ignores: Section | None = None
    notices: list[str] = field(default_factory=list)
    ignored_scopes: list[str] = field(default_factory=list)   # inline tags read as '*' (strong, em)
    skipped_scopes: list[str] = field(default_factory=list)   # block tags not linted (blockquote)
    ignored_classes: list[str] = field(default_factory=list)  # HTML elements of these classes

    # -- which rules ---------------------------------------------------------------------------
    def styles(self) -> list[str]:
        """Every style a section or a rule key names (Vale loads them all)."""
        names = list(self.global_styles)
        for s in self.sections:
            names += s.styles or []
        for key in [*self.global_checks, *(k for s in self.sections for k in s.checks)]:
            names.append(key.split(".")[0])
        return list(dict.fromkeys(names))

    def rel(self, display: str) -> str:
        """A draft's path as the sections' globs see it, with ``/``: relative to the folder of the
        ``.vale.ini`` when the draft is under it (Vale run there), else to the current folder."""
        if display.startswith("<"):
            return display
        full = os.path.abspath(display)
        base = str(self.path.resolve().parent)
        p = os.path.relpath(full, base) if full.startswith(base + os.sep) else os.path.relpath(full)
        return p.replace(os.sep, "/")

    def runs(self, code: str, display: str) -> bool:
        """Vale's ``shouldRun``: a rule on for this file by name, else by its style."""
        rel = self.rel(display)
        name = ".".join(code.split(".")[:2])
        styles = self.global_styles
        checks: dict[str, bool] = {}
        for s in self.sections:
            if s.matches(rel):
                if s.styles is not None:
                    styles = s.styles
                checks.update(s.checks)
        if name in checks:
            return checks[name]
        if name in self.global_checks:
            return self.global_checks[name]
        return name.split(".")[0] in styles

    def level(self, code: str, default: str) -> str:
        """The Vale level of a rule (its own, or the one the configuration gives it)."""
        return self.levels.get(code, default)

    def ignores(self, display: str) -> tuple[list[str], list[str]]:
        rel = self.rel(display)
        block, token = [], []
        if display.lower().endswith((".md", ".markdown")):
            block += markup_ignores(self)
        for s in ([self.global_ignores] if self.global_ignores else []) + self.sections:
            if s.matches(rel):
                block += s.block_ignores
                token += s.token_ignores
        return block, token


# ----------------------------------------------------------------------------------------------
# reading
# ----------------------------------------------------------------------------------------------
_INLINE_COMMENT = re.compile(r"\s[#;].*$")


def _parse_ini(text: str, display: str) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """Sections in order: (name, [(key, value, line)]); "" is the part before any section.
    Values may repeat a key (Vale's shadows); `` #`` and `` ;`` start an inline comment."""
    sections: list[tuple[str, list]] = [("", [])]
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                raise ConfigError("a section header must end with ']'", path=display, line=n)
            sections.append((line[1:-1].strip(), []))
            continue
        if "=" not in line:
            raise ConfigError(f"expected 'key = value', got '{line[:60]}'", path=display, line=n)
        key, value = line.split("=", 1)
        value = _INLINE_COMMENT.sub("", value).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
            value = value[1:-1]
        sections[-1][1].append((key.strip(), value, n))
    return sections


def _values(entries, key) -> list[str]:
    out: list[str] = []
    for k, v, _ in entries:
        if k == key:
            out += [x.strip() for x in v.split(",") if x.strip()]
    return list(dict.fromkeys(out))


def _check_value(key: str, value: str, cfg: ValeConfig, display: str, line: int) -> bool:
    if value in LEVELS:
        cfg.levels[key] = value
        return True
    if value in ("YES", "NO"):
        return value == "YES"
    raise ConfigError(f"expected YES, NO, suggestion, warning or error for '{key}', got '{value}'",
                      path=display, line=line)


def _read_words(path: Path) -> list[str]:
    from voicelint.shared.fsutil import read_bounded
    try:
        lines = read_bounded(path, 5 * 1024 * 1024).decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the vocabulary: {exc}", path=str(path)) from None
    return [t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#")]


def load(path: Path | str) -> ValeConfig:
    """Read a ``.vale.ini``; a mistake is a one-line ConfigError naming the file and line."""
    path = Path(path)
    display = str(path)
    from voicelint.shared.fsutil import read_bounded
    try:
        text = read_bounded(path, 1024 * 1024).decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("Vale configuration not found", path=display) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the Vale configuration: {exc}", path=display) from None
    cfg = ValeConfig(path=path)
    unknown: list[str] = []
    base = path.resolve().parent
    for name, entries in _parse_ini(text, display):
        if name in ("formats", "asciidoctor", "DEFAULT"):
            if entries:
                unknown.append(f"[{name}]")
            continue
        if name == "":
            for key, value, line in entries:
                if key == "StylesPath":
                    sp = Path(os.path.expanduser(value))
                    cfg.styles_path = sp if sp.is_absolute() else base / sp
                    if not cfg.styles_path.is_dir():
                        raise ConfigError(f"StylesPath '{value}' does not exist", path=display, line=line)
                elif key == "MinAlertLevel":
                    if value not in LEVELS:
                        raise ConfigError("MinAlertLevel must be 'suggestion', 'warning', or 'error', "
                                          f"got '{value}'", path=display, line=line)
                    cfg.min_level = LEVELS[value]
                elif key == "Vocab":
                    cfg.vocab = _values(entries, "Vocab")
                elif key == "IgnoredScopes":
                    cfg.ignored_scopes = [v.lower() for v in _values(entries, key)]
                elif key == "SkippedScopes":
                    cfg.skipped_scopes = [v.lower() for v in _values(entries, key)]
                elif key == "IgnoredClasses":
                    cfg.ignored_classes = _values(entries, key)
                elif key in SECTION_KEYS:
                    raise ConfigError(f"'{key}' is a syntax-specific option: put it in a section "
                                      "such as [*] or [*.md]", path=display, line=line)
                else:
                    unknown.append(key)
            continue
        sec = Section(name, None if name == "*" else glob_regex(name.lstrip("!")),
                      negated=name.startswith("!"))
        for key, value, line in entries:
            if key in CORE_KEYS:
                raise ConfigError(f"'{key}' is a core option; put it above any section",
                                  path=display, line=line)
            if key == "BasedOnStyles":
                sec.styles = _values(entries, key)
            elif key in ("BlockIgnores", "IgnorePatterns"):  # IgnorePatterns: Vale's older name
                sec.block_ignores = _values(entries, "BlockIgnores") + _values(entries, "IgnorePatterns")
            elif key == "TokenIgnores":
                sec.token_ignores = _values(entries, key)
            elif "." in key and not key.startswith("."):
                sec.checks[key] = _check_value(key, value, cfg, display, line)
            else:
                unknown.append(key)
        if name == "*":
            cfg.global_styles = sec.styles or []
            cfg.global_checks = sec.checks
            cfg.global_ignores = sec
        else:
            cfg.sections.append(sec)
    for v in cfg.vocab:
        folder = _vocab_folder(cfg, v)
        if folder is None:
            raise ConfigError(f"Vocab '{v}': no folder config/vocabularies/{v} (or Vocab/{v}) "
                              "under the StylesPath", path=display)
        for f in sorted(folder.rglob("accept.txt")):
            cfg.accept += _read_words(f)
        for f in sorted(folder.rglob("reject.txt")):
            cfg.reject += _read_words(f)
    cfg.accept = list(dict.fromkeys(cfg.accept))
    cfg.reject = list(dict.fromkeys(cfg.reject))
    for key in dict.fromkeys(unknown):
        cfg.notices.append(f"{display}: '{key}' is not read by voicelint; ignored")
    return cfg


def _vocab_folder(cfg: ValeConfig, name: str) -> Path | None:
    if cfg.styles_path is None:
        return None
    for sub in ("config/vocabularies", "Vocab", "vocab"):
        p = cfg.styles_path / sub / name
        if p.is_dir():
            return p
    return None


# ----------------------------------------------------------------------------------------------
# in the drafts
# ----------------------------------------------------------------------------------------------
def comment_states(source: str, line_of) -> list[tuple[int, str, bool]]:
    """``<!-- vale ... -->`` comments in order: (line, "off"/"on"/rule, disabled)."""
    out = []
    for m in _COMMENT.finditer(source):
        line = line_of(m.start())
        if m.group(1):
            out.append((line, "off", m.group(1) == "off"))
        else:
            out.append((line, m.group(2), m.group(3) == "NO"))
    return out


def silenced(states: list[tuple[int, str, bool]], code: str, line: int) -> bool:
    """Whether Vale's comments turn ``code`` off on ``line`` (the last comment before it wins)."""
    name = ".".join(code.split(".")[:2])
    off, rule = False, None
    for at, what, disabled in states:
        if at > line:
            break
        if what == "off":
            off = disabled
        elif what == name:
            rule = disabled
    return off or bool(rule)


_INLINE_MARKS = {  # Markdown for the inline tags IgnoredScopes may name (code, tt, kbd: always blank)
    "strong": [r"(?<![\w*])\*\*(?=\S)[^\n]+?(?<=\S)\*\*(?![\w*])", r"(?<!\w)__(?=\S)[^\n]+?(?<=\S)__(?!\w)"],
    "b": [r"(?<![\w*])\*\*(?=\S)[^\n]+?(?<=\S)\*\*(?![\w*])", r"(?<!\w)__(?=\S)[^\n]+?(?<=\S)__(?!\w)"],
    "em": [r"(?<![\w*])\*(?=[^\s*])[^\n*]+?(?<=[^\s*])\*(?![\w*])", r"(?<!\w)_(?=[^\s_])[^\n_]+?(?<=[^\s_])_(?!\w)"],
    "i": [r"(?<![\w*])\*(?=[^\s*])[^\n*]+?(?<=[^\s*])\*(?![\w*])", r"(?<!\w)_(?=[^\s_])[^\n_]+?(?<=[^\s_])_(?!\w)"],
}


def markup_ignores(cfg: ValeConfig) -> list[str]:
    """Patterns for what Vale's HTML walk leaves out of a Markdown file: the inline tags of
    ``IgnoredScopes`` (``strong``, ``em``), the block tags of ``SkippedScopes``
    (``blockquote``, or any HTML element by name) and HTML elements whose ``class`` is one of
    ``IgnoredClasses``."""
    out: list[str] = []
    for name in cfg.ignored_scopes:
        out += _INLINE_MARKS.get(name, [])
    for name in cfg.skipped_scopes:
        if name == "blockquote":
            out.append(r"^ {0,3}>[^\n]*")
        if re.fullmatch(r"[a-z][a-z0-9]*", name):
            out.append(rf"<{name}\b[^>]*>.*?</{name}\s*>")
    for cls in cfg.ignored_classes:
        out.append(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\bclass\s*=\s*[\"'][^\"']*(?<![\w-])"
                   + re.escape(cls) + r"(?![\w-])[^\"']*[\"'][^>]*>.*?</\1\s*>")
    return out


def blank_ignored(post, block: list[str], token: list[str]) -> None:
    """Blank what ``BlockIgnores`` (multi-line) and ``TokenIgnores`` patterns match in a post's
    text, newlines kept, as code is."""
    import regex
    chars = None
    for pattern, flags in [(p, regex.M | regex.S) for p in block] + [(p, regex.M) for p in token]:
        try:
            rx = regex.compile(pattern, flags)
        except regex.error as exc:
            raise ConfigError(f"invalid ignore pattern '{pattern}': {exc}") from None
        for m in rx.finditer(post.source):
            if chars is None:
                chars = list(post.text)
            for i in range(m.start(), m.end()):
                if chars[i] not in "\r\n":
                    chars[i] = " "
    if chars is not None:
        post.text = "".join(chars)


# ----------------------------------------------------------------------------------------------
# the rules, and what Vale would have reported
# ----------------------------------------------------------------------------------------------
def _is_phrase(term: str) -> bool:
    return all(c.isalpha() or c.isdigit() or c in " -" for c in term)


def builtin_vale_style(cfg: ValeConfig, notices: list[str] | None) -> list:
    """Vale's built-in ``Vale`` style: Repetition, Spelling, and Terms / Avoid from the
    vocabulary (as ``internal/check/definition.go`` defines them)."""
    from .rules import load_rule_file
    made = {
        "Repetition": {"extends": "repetition", "level": "error", "message": "'%s' is repeated!",
                       "alpha": True, "tokens": [r"[^\s]+"],
                       "action": {"name": "edit", "params": ["truncate", " "]}},
        "Spelling": {"extends": "spelling", "level": "error", "message": "Did you really mean '%s'?"},
    }
    terms = {t.lower(): t for t in cfg.accept if _is_phrase(t)}
    if terms:
        made["Terms"] = {"extends": "substitution", "level": "error", "ignorecase": True, "vocab": False,
                         "message": "Use '%s' instead of '%s'.", "swap": terms}
    if cfg.reject:
        made["Avoid"] = {"extends": "existence", "level": "error", "ignorecase": False,
                         "message": "Avoid using '%s'.", "tokens": list(cfg.reject)}
    out = []
    skipped: dict[str, list[str]] = {}
    for name, data in made.items():
        where = (cfg.styles_path or Path(".")) / "Vale" / f"{name}.yml"  # StylesPath: its ignore lists
        r = load_rule_file(where, "Vale", None, notices, skipped=skipped,
                           accepted=tuple(cfg.accept), data=data)
        if r is not None:
            out.append(r)
    if notices is not None:
        for kind, names in skipped.items():
            notices.append(f"Vale: {len(names)} rule{'s' * (len(names) != 1)} of type '{kind}' skipped, "
                           f"not supported by voicelint ({', '.join('Vale.' + n for n in names)})")
    return out


def rules(cfg: ValeConfig, notices: list[str] | None = None) -> list:
    """The rules of every style the configuration names, from its StylesPath, with its
    vocabulary as their accepted words and its levels applied."""
    from voicelint.shared.errors import RuleError
    from .rules import load_pack
    out = []
    for style in cfg.styles():
        if style == "Vale":
            out += builtin_vale_style(cfg, notices)
            continue
        folder = cfg.styles_path / style if cfg.styles_path else None
        if folder is None or not folder.is_dir():
            raise RuleError(f"style '{style}' does not exist on the StylesPath "
                            f"({cfg.styles_path or 'no StylesPath set'})", path=str(cfg.path))
        out += load_pack(folder, notices, accepted=tuple(cfg.accept))
    for r in out:
        if r.code in cfg.levels:
            r.severity = TO_VOICELINT[cfg.levels[r.code]]
    return out


_FROM_VOICELINT = {"info": 0, "warning": 1, "error": 2}


def _sized(rule) -> bool:
    """A rule on ``raw`` or ``summary``: Vale runs these after the walk, comments reset, so
    ``<!-- vale off -->`` does not reach them."""
    scope = rule.scope if isinstance(rule.scope, (list, tuple)) else [rule.scope or "text"]
    return any(str(s).strip().lower() in ("raw", "summary") for s in scope)


def keep(cfg: ValeConfig, findings: list, rules_: list, posts: list) -> list:
    """Findings of the configuration's rules that Vale would have reported: the rule runs on
    that file (BasedOnStyles / Style.Rule per section), its level is at least MinAlertLevel,
    and no ``<!-- vale ... -->`` comment turns it off there. Other findings pass unchanged."""
    by_code = {r.code: r for r in rules_}
    states: dict[str, list] = {}
    for p in posts:
        if p.path not in states and "vale" in p.source:
            states[p.path] = comment_states(p.source, lambda i, p=p: p.position(i)[0])
    out = []
    for f in findings:
        rule = by_code.get(f.code)
        if rule is None:
            out.append(f)
            continue
        if _FROM_VOICELINT.get(rule.severity, 1) < cfg.min_level or not cfg.runs(f.code, f.path):
            continue
        if states.get(f.path) and not _sized(rule) and silenced(states[f.path], f.code, f.line):
            continue
        out.append(f)
    return out
