"""Hostile and broken inputs, as data: what a user gives voicelint and what they must get.

Two lists feed the tests and the table in ``docs/RELIABILITY.md``:

- ``REFUSED``: inputs that must end with exit 2, one line on stderr naming the file (and line
  when the input has one), never a traceback, nothing written. ``tests/test_hostile_inputs.py``
  runs each through the CLI; the profile schema's wrong-type cases are generated from
  ``voicelint.inputs.profile.SCHEMA`` (``schema_cases()``), one per key.
- ``HANDLED``: inputs that are linted (or survived) with a specific outcome; each names the test
  that holds it.

``python tests/hostile_cases.py`` prints the Markdown table; ``tests/test_reliability_doc.py``
fails when the document and this file disagree.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace

LINT = ("check", "drafts", "--no-semantic", "--output", "report.txt")
WITH_PROFILE = LINT + ("--profile", "brand.yaml")
OK_DRAFT = {"drafts/post.md": "Le soir, nous allumons une bougie avant de lire.\n"}


@dataclass(frozen=True)
class Case:
    id: str
    area: str
    what: str
    outcome: str
    files: dict = field(default_factory=dict)   # relative path -> str | bytes | ("symlink", target) | ("fifo",)
    args: tuple = WITH_PROFILE
    where: str = ""        # stderr must start with "voicelint: error: <where>" (file[:line[:col]])
    fragment: str = ""     # and contain this
    slow: bool = False


def _bomb() -> str:
    lines = ['name: x', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def _deep_block(depth: int) -> str:
    return "name: x\nvoice:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, depth))


REFUSED: list[Case] = [
    # --- profiles -----------------------------------------------------------------------
    Case("profile-alias-bomb", "profile", "\"billion laughs\": 9 levels of 9 aliases",
         "refused after 200,000 values, at the alias", {**OK_DRAFT, "brand.yaml": _bomb()},
         where="brand.yaml:", fragment="alias bomb"),
    Case("profile-huge", "profile", "a 6 MB profile", "refused before parsing (5 MB at most)",
         {**OK_DRAFT, "brand.yaml": "name: x\nproposition: " + "a" * (6 * 1024 * 1024) + "\n"},
         where="brand.yaml: ", fragment="too large"),
    Case("profile-deep-flow", "profile", "10,000 nested `[`", "refused at the 101st level, with its line",
         {**OK_DRAFT, "brand.yaml": "name: x\nvoice: " + "[" * 10000 + "]" * 10000 + "\n"},
         where="brand.yaml:2:", fragment="nesting is too deep"),
    Case("profile-deep-block", "profile", "300 nested block mappings", "refused at the 101st level",
         {**OK_DRAFT, "brand.yaml": _deep_block(300)}, where="brand.yaml:", fragment="nesting is too deep"),
    Case("profile-python-tag", "profile", "`!!python/object/apply:os.system`", "refused by name; nothing runs",
         {**OK_DRAFT, "brand.yaml": "name: !!python/object/apply:os.system ['touch pwned']\n"},
         where="brand.yaml:1:7", fragment="unsupported tag '!!python/object/apply:os.system'"),
    Case("profile-binary-tag", "profile", "`!!binary` and `!!set` values", "refused by name",
         {**OK_DRAFT, "brand.yaml": "name: !!binary aGVsbG8=\n"}, where="brand.yaml:1:7",
         fragment="unsupported tag '!!binary'"),
    Case("profile-local-tag", "profile", "a local tag `!include secrets.yaml`", "refused by name",
         {**OK_DRAFT, "brand.yaml": "name: x\nvoice: !include secrets.yaml\n"}, where="brand.yaml:2:8",
         fragment="unsupported tag '!include'"),
    Case("profile-invalid-utf8", "profile", "Latin-1 bytes", "refused with the line",
         {**OK_DRAFT, "brand.yaml": b"name: x\npersona: caf\xe9\n"}, where="brand.yaml:2",
         fragment="not valid UTF-8"),
    Case("profile-utf16", "profile", "a UTF-16 file (BOM FF FE)", "refused: not UTF-8",
         {**OK_DRAFT, "brand.yaml": "name: x\n".encode("utf-16")}, where="brand.yaml:",
         fragment="binary file"),
    Case("profile-nul", "profile", "a NUL byte", "refused as binary",
         {**OK_DRAFT, "brand.yaml": b"name: x\x00\n"}, where="brand.yaml: ", fragment="binary file"),
    Case("profile-empty", "profile", "an empty file", "refused: `name` is required",
         {**OK_DRAFT, "brand.yaml": ""}, where="brand.yaml:1", fragment="empty profile"),
    Case("profile-top-list", "profile", "a list at the top", "refused: a mapping is expected",
         {**OK_DRAFT, "brand.yaml": "- a\n- b\n"}, where="brand.yaml:1", fragment="expected a mapping"),
    Case("profile-scalar", "profile", "a bare string", "refused: a mapping is expected",
         {**OK_DRAFT, "brand.yaml": "just words\n"}, where="brand.yaml:1", fragment="expected a mapping"),
    Case("profile-two-documents", "profile", "two YAML documents (`---`)", "refused at the second",
         {**OK_DRAFT, "brand.yaml": "name: a\n---\nname: b\n"}, where="brand.yaml:2",
         fragment="invalid YAML"),
    Case("profile-unclosed", "profile", "an unclosed flow list", "refused with line and column",
         {**OK_DRAFT, "brand.yaml": "name: [A\n"}, where="brand.yaml:2:1", fragment="invalid YAML"),
    Case("profile-bad-indent", "profile", "a tab-indented mapping", "refused with line and column",
         {**OK_DRAFT, "brand.yaml": "name: A\nvoice:\n\tpersona: x\n"}, where="brand.yaml:3:",
         fragment="invalid YAML"),
    Case("profile-duplicate-key", "profile", "a key given twice", "refused at the second",
         {**OK_DRAFT, "brand.yaml": "name: A\nname: B\n"}, where="brand.yaml:2:1", fragment="duplicate key 'name'"),
    Case("profile-merge-key", "profile", "a `<<` merge key", "refused (not supported)",
         {**OK_DRAFT, "brand.yaml": "name: x\nbase: &b {persona: y}\nvoice:\n  <<: *b\n"},
         where="brand.yaml:4:3", fragment="merge keys"),
    Case("profile-complex-key", "profile", "a list used as a key (`? [a, b]`)", "refused",
         {**OK_DRAFT, "brand.yaml": "name: x\n? [a, b]\n: 2\n"}, where="brand.yaml:2:3",
         fragment="a mapping key must be a plain value"),
    Case("profile-null-key", "profile", "`~: 2`", "refused",
         {**OK_DRAFT, "brand.yaml": "name: x\n~: 2\n"}, where="brand.yaml:2:1", fragment="cannot be empty"),
    Case("profile-surrogate", "profile", "an unpaired `\"\\ud800\"` escape", "refused (would crash the output)",
         {**OK_DRAFT, "brand.yaml": 'name: "\\ud800"\n'}, where="brand.yaml:1:7", fragment="surrogate"),
    Case("profile-nan", "profile", "`formality: .nan`", "refused: not a finite number",
         {**OK_DRAFT, "brand.yaml": "name: x\nvoice: {formality: .nan}\n"}, where="brand.yaml:2:",
         fragment="voice.formality: expected a number"),
    Case("profile-inf", "profile", "`max_chars: .inf`", "refused: not a finite number",
         {**OK_DRAFT, "brand.yaml": "name: x\nplatforms: {twitter: {max_chars: .inf}}\n"},
         where="brand.yaml:2:", fragment="platforms.twitter.max_chars"),
    Case("profile-huge-number", "profile", "a 400-digit `formality`", "refused: not a finite number",
         {**OK_DRAFT, "brand.yaml": "name: x\nvoice: {formality: " + "9" * 400 + "}\n"},
         where="brand.yaml:2:", fragment="voice.formality"),
    Case("profile-5000-digits", "profile", "a 5,000-digit integer", "refused at the value",
         {**OK_DRAFT, "brand.yaml": "name: x\nplatforms: {twitter: {max_chars: " + "9" * 5000 + "}}\n"},
         where="brand.yaml:2:", fragment="invalid value"),
    Case("profile-bad-date", "profile", "`!!timestamp 2024-13-45`", "refused at the value",
         {**OK_DRAFT, "brand.yaml": "name: !!timestamp 2024-13-45\n"}, where="brand.yaml:1:7",
         fragment="invalid value"),
    Case("profile-unknown-key", "profile", "a misspelt key", "refused with \"did you mean\"",
         {**OK_DRAFT, "brand.yaml": "name: x\nlanguge: fr\n"}, where="brand.yaml:2:1",
         fragment="did you mean 'language'"),
    Case("profile-missing", "profile", "`--profile` names no file", "refused",
         OK_DRAFT, where="brand.yaml: ", fragment="file not found"),
    Case("profile-fifo", "profile", "the profile is a FIFO", "refused without opening it (no hang)",
         {**OK_DRAFT, "brand.yaml": ("fifo",)}, where="brand.yaml: ", fragment="not a regular file"),
    Case("profile-dev-zero", "profile", "the profile is a symlink to /dev/zero", "refused (no endless read)",
         {**OK_DRAFT, "brand.yaml": ("symlink", "/dev/zero")}, where="brand.yaml: ",
         fragment="not a regular file"),
    # --- configuration ----------------------------------------------------------------------
    Case("config-unknown-key", "config", "a misspelt key", "refused with \"did you mean\"",
         {**OK_DRAFT, "vl.yaml": "selct: [VL1]\n"}, args=LINT + ("--config", "vl.yaml"),
         where="vl.yaml:1:1", fragment="did you mean 'select'"),
    Case("config-wrong-type", "config", "`select: {a: 1}`", "refused: a list is expected",
         {**OK_DRAFT, "vl.yaml": "select: {a: 1}\n"}, args=LINT + ("--config", "vl.yaml"),
         where="vl.yaml:1:1", fragment="expected a list"),
    Case("config-fail-on", "config", "`fail_on: sometimes`", "refused with the choices",
         {**OK_DRAFT, "vl.yaml": "fail_on: sometimes\n"}, args=LINT + ("--config", "vl.yaml"),
         where="vl.yaml:1:1", fragment="expected one of"),
    Case("config-jobs", "config", "`jobs: 0`", "refused", {**OK_DRAFT, "vl.yaml": "jobs: 0\n"},
         args=LINT + ("--config", "vl.yaml"), where="vl.yaml:1:1", fragment="jobs"),
    Case("config-not-mapping", "config", "a list at the top", "refused",
         {**OK_DRAFT, "vl.yaml": "- a\n"}, args=LINT + ("--config", "vl.yaml"), where="vl.yaml:1",
         fragment="expected a mapping"),
    Case("config-alias-bomb", "config", "\"billion laughs\"", "refused at the alias",
         {**OK_DRAFT, "vl.yaml": _bomb()}, args=LINT + ("--config", "vl.yaml"), where="vl.yaml:",
         fragment="alias bomb"),
    Case("config-bad-toml", "config", "a broken `pyproject.toml`", "refused with the TOML error",
         {**OK_DRAFT, "pyproject.toml": "[tool.voicelint\nselect = 1\n"},
         args=LINT + ("--config", "pyproject.toml"), where="pyproject.toml: ", fragment="invalid TOML"),
    Case("config-toml-wrong-type", "config", "`[tool.voicelint] select = 5`", "refused: a list is expected",
         {**OK_DRAFT, "pyproject.toml": "[tool.voicelint]\nselect = 5\n"},
         args=LINT + ("--config", "pyproject.toml"), where="pyproject.toml", fragment="expected a list"),
    # --- rule packs ---------------------------------------------------------------------------
    Case("rules-catastrophic-regex", "rules", "`(a+)+$` on 5,000 `a`s then `b`",
         "stopped after the 1 s search bound, rule file named (run ends in seconds)",
         {"drafts/post.md": "a" * 5000 + "b\n", "pack/Evil/Slow.yml":
          "extends: existence\nmessage: 'slow %s'\nlevel: error\nraw:\n  - '(a+)+$'\n"},
         args=LINT + ("--rules", "pack"), where="pack/Evil/Slow.yml", fragment="catastrophic backtracking"),
    Case("rules-catastrophic-conditional", "rules", "`first: (a+)+$` in a conditional rule",
         "stopped at the time bound, rule file and draft named (was a TimeoutError traceback)",
         {"drafts/post.md": "a" * 5000 + "b\n", "pack/C/Cond.yml":
          "extends: conditional\nmessage: 'x %s'\nlevel: error\nfirst: '(a+)+$'\nsecond: 'zzz'\n"},
         args=LINT + ("--rules", "pack"), where="pack/C/Cond.yml", fragment="drafts/post.md (catastrophic"),
    Case("rules-invalid-regex", "rules", "an unclosed `(`", "refused at load with the pattern",
         {**OK_DRAFT, "pack/Bad/Broken.yml": "extends: existence\nmessage: x\ntokens: ['(unclosed']\n"},
         args=LINT + ("--rules", "pack"), where="pack/Bad/Broken.yml:3:", fragment="invalid regular expression"),
    Case("rules-ungreedy", "rules", "Go's `(?U)` flag", "refused at load (no equivalent)",
         {**OK_DRAFT, "pack/Go/U.yml": "extends: existence\nmessage: x\ntokens: ['(?U)a+']\n"},
         args=LINT + ("--rules", "pack"), where="pack/Go/U.yml:3:", fragment="(?U)"),
    Case("rules-extends-list", "rules", "`extends: [existence]`", "refused at the key",
         {**OK_DRAFT, "pack/X/A.yml": "extends: [existence]\nmessage: x\n"},
         args=LINT + ("--rules", "pack"), where="pack/X/A.yml:1:", fragment="extends"),
    Case("rules-code-list", "rules", "`code: [x]` (and lang, level, link, message...)", "refused at the key",
         {**OK_DRAFT, "pack/X/A.yml": "extends: existence\ntokens: [a]\ncode: [x]\n"},
         args=LINT + ("--rules", "pack"), where="pack/X/A.yml:3:", fragment="code"),
    Case("rules-unknown-type", "rules", "`extends: existance`", "refused with \"did you mean\"",
         {**OK_DRAFT, "pack/X/A.yml": "extends: existance\nmessage: x\n"},
         args=LINT + ("--rules", "pack"), where="pack/X/A.yml:1:", fragment="did you mean 'existence'"),
    Case("rules-not-mapping", "rules", "a rule file holding a list", "refused",
         {**OK_DRAFT, "pack/X/A.yml": "- a\n"}, args=LINT + ("--rules", "pack"), where="pack/X/A.yml:1",
         fragment="must be a mapping"),
    Case("rules-alias-bomb", "rules", "\"billion laughs\" in a rule", "refused at the alias",
         {**OK_DRAFT, "pack/X/A.yml": _bomb()}, args=LINT + ("--rules", "pack"), where="pack/X/A.yml:",
         fragment="alias bomb"),
    Case("rules-vocab-fifo", "rules", "a Vale `accept.txt` that is a FIFO", "refused unopened (was a hang)",
         {**OK_DRAFT, "styles/Mine/A.yml": "extends: existence\nmessage: x\ntokens: [foo]\n",
          "styles/config/vocabularies/Brand/accept.txt": ("fifo",)},
         args=LINT + ("--rules", "styles"), where="styles/config/vocabularies/Brand/accept.txt: ",
         fragment="not a regular file"),
    Case("rules-empty-pack", "rules", "a folder without rules", "refused",
         {**OK_DRAFT, "pack/README.txt": "nothing\n"}, args=LINT + ("--rules", "pack"), where="pack: ",
         fragment="no .yml rules"),
    Case("rules-missing-pack", "rules", "`--rules` names nothing", "refused",
         OK_DRAFT, args=LINT + ("--rules", "nopack"), where="nopack: ", fragment="not found"),
    # --- drafts -----------------------------------------------------------------------------
    Case("draft-nul", "draft", "a NUL byte (a binary file named .md)", "refused with the line",
         {"drafts/post.md": b"Hello\nwor\x00ld\n"}, where="drafts/post.md:2", fragment="binary file"),
    Case("draft-invalid-utf8", "draft", "a broken UTF-8 sequence", "refused at line and column",
         {"drafts/post.md": b"Hello\nsome \xc3\x28 text\n"}, where="drafts/post.md:2:6",
         fragment="not valid UTF-8"),
    Case("draft-latin1", "draft", "a Latin-1 draft", "refused at line and column",
         {"drafts/post.md": "Caf\u00e9 cr\u00e8me\n".encode("latin-1")}, where="drafts/post.md:1:4",
         fragment="not valid UTF-8"),
    Case("draft-unterminated-front-matter", "draft", "`---` never closed", "refused",
         {"drafts/post.md": "---\nplatform: twitter\nHello there.\n"}, where="drafts/post.md:1",
         fragment="never closed"),
    Case("draft-front-matter-yaml", "draft", "invalid YAML in front matter", "refused at its line",
         {"drafts/post.md": "---\nplatform: [a\n---\nHello.\n"}, where="drafts/post.md:3",
         fragment="invalid YAML"),
    Case("draft-front-matter-list", "draft", "front matter that is a list", "refused",
         {"drafts/post.md": "---\n- a\n---\nHello.\n"}, where="drafts/post.md:2", fragment="mapping"),
    Case("draft-front-matter-nested", "draft", "`platform: {a: 1}`", "refused",
         {"drafts/post.md": "---\nplatform: {a: 1}\n---\nHello.\n"}, where="drafts/post.md:2",
         fragment="plain value"),
    Case("draft-front-matter-platform", "draft", "`platform: myspace`", "refused with the choices",
         {"drafts/post.md": "---\nplatform: myspace\n---\nHello.\n"}, where="drafts/post.md:2",
         fragment="unknown platform 'myspace'"),
    Case("draft-front-matter-tag", "draft", "`!!python/object` in front matter", "refused by name",
         {"drafts/post.md": "---\nauthor: !!python/object/apply:os.system [id]\n---\nHello.\n"},
         where="drafts/post.md:2:9", fragment="unsupported tag"),
    Case("draft-front-matter-bomb", "draft", "\"billion laughs\" in front matter", "refused at the alias",
         {"drafts/post.md": "---\n" + _bomb() + "---\nHello.\n"}, where="drafts/post.md:",
         fragment="alias bomb"),
    Case("draft-too-long", "draft", "one post of 200,001 characters", "refused: split it",
         {"drafts/post.md": ("Une bougie. " * 16667)[:200001] + "\n"}, where="drafts/post.md:1",
         fragment="too long"),
    Case("draft-20mb", "draft", "a 20 MB draft", "refused from its size, before reading (16 MiB at most)",
         {"drafts/post.md": ("Une bougie le soir. " * 1048576).encode()}, where="drafts/post.md: ",
         fragment="too large"),
    Case("draft-fifo", "draft", "a FIFO named post.md", "refused without opening it (no hang)",
         {"drafts/post.md": ("fifo",)}, where="drafts/post.md: ", fragment="not a regular file"),
    Case("draft-dev-zero", "draft", "a symlink post.md -> /dev/zero", "refused (no endless read)",
         {"drafts/post.md": ("symlink", "/dev/zero")}, where="drafts/post.md: ", fragment="not a regular file"),
    Case("draft-missing", "draft", "a path that does not exist", "refused",
         {}, args=("check", "drafts/nope.md", "--no-semantic", "--output", "report.txt"),
         where="drafts/nope.md: ", fragment="no such file"),
    Case("draft-none-found", "draft", "a folder with no draft", "refused: nothing to lint",
         {"drafts/notes.pdf": b"%PDF"}, args=LINT, where="", fragment="no drafts found"),
    # --- calendars ----------------------------------------------------------------------------
    Case("csv-no-text-column", "calendar", "a CSV without a `text` column", "refused, columns listed",
         {"drafts/cal.csv": "platform,notes\ntwitter,hello\n"}, where="drafts/cal.csv:1",
         fragment="no 'text' column"),
    Case("csv-ragged-row", "calendar", "a row with an extra field", "refused at the row",
         {"drafts/cal.csv": "text,platform\nhello,twitter\nhi,twitter,extra\n"}, where="drafts/cal.csv:3",
         fragment="3 fields"),
    Case("csv-unterminated-quote", "calendar", "a `\"` never closed", "refused at the line it opens",
         {"drafts/cal.csv": 'text,platform\nok,twitter\n"unterminated,twitter\nmore\n'},
         where="drafts/cal.csv:3", fragment="unterminated quoted field"),
    Case("csv-bad-platform", "calendar", "a row with `platform: myspace`", "refused at the row",
         {"drafts/cal.csv": "text,platform\nhello,twitter\nhi,myspace\n"}, where="drafts/cal.csv:3",
         fragment="unknown platform"),
    Case("csv-cell-too-long", "calendar", "a cell of 200,001 characters", "refused at the row",
         {"drafts/cal.csv": "text\nhello\n" + "a " * 100001 + "\n"}, where="drafts/cal.csv:3",
         fragment="too long"),
    Case("jsonl-broken", "calendar", "a truncated JSON line", "refused at line and column",
         {"drafts/cal.jsonl": '{"text": "ok"}\n{"text": \n'}, where="drafts/cal.jsonl:2:10",
         fragment="invalid JSON"),
    Case("jsonl-not-object", "calendar", "a line that is a list", "refused at the line",
         {"drafts/cal.jsonl": "[1, 2]\n"}, where="drafts/cal.jsonl:1", fragment="JSON object"),
    Case("jsonl-no-text", "calendar", "an object without `text`", "refused at the line",
         {"drafts/cal.jsonl": '{"notes": "x"}\n'}, where="drafts/cal.jsonl:1", fragment='missing "text"'),
    Case("jsonl-text-not-string", "calendar", '`"text": 5`', "refused at the line",
         {"drafts/cal.jsonl": '{"text": 5}\n'}, where="drafts/cal.jsonl:1", fragment="must be a string"),
    Case("jsonl-huge-int", "calendar", "a 5,000-digit number", "refused at the line",
         {"drafts/cal.jsonl": '{"text": "hi", "id": ' + "9" * 5000 + "}\n"}, where="drafts/cal.jsonl:1",
         fragment="invalid JSON"),
    Case("jsonl-deep", "calendar", "100,000 nested arrays", "refused at the line",
         {"drafts/cal.jsonl": '{"text": "hi", "x": ' + "[" * 100000 + "]" * 100000 + "}\n"},
         where="drafts/cal.jsonl:1", fragment="nesting is too deep"),
    Case("jsonl-surrogate", "calendar", 'an unpaired `"\\ud800"` escape', "refused at the line",
         {"drafts/cal.jsonl": '{"text": "\\ud800 hi"}\n'}, where="drafts/cal.jsonl:1", fragment="surrogate"),
    Case("jsonl-trailing-data", "calendar", "two objects on one line", "refused at the column",
         {"drafts/cal.jsonl": '{"text": "a"} {"text": "b"}\n'}, where="drafts/cal.jsonl:1:15",
         fragment="extra data"),
]

# Drafts and calendars are linted without a profile unless the case says otherwise.
REFUSED = [replace(c, args=LINT) if c.area in ("draft", "calendar") and c.args == WITH_PROFILE else c
           for c in REFUSED]

# Inputs that are linted or survived; each is held by the named test.
HANDLED: list[tuple[str, str, str, str, str]] = [
    # (id, area, what, outcome, test)
    ("draft-empty", "draft", "an empty file, only blank lines, only front matter, only comments; an "
     "empty CSV or JSONL, a CSV header with no row", "one notice each, nothing to lint; the other drafts "
     "are linted and decide the exit code", "tests/test_hostile_inputs.py::test_drafts_with_no_text_are_notices"),
    ("draft-bom", "draft", "UTF-8 BOM", "linted; the BOM is not a column: positions as without it",
     "tests/test_hostile_positions.py::test_bom_and_crlf_keep_positions"),
    ("draft-crlf", "draft", "CRLF line ends (also in front matter)", "linted; same lines and columns as LF",
     "tests/test_hostile_positions.py::test_bom_and_crlf_keep_positions"),
    ("draft-emoji-zwj-rtl", "draft", "emoji, ZWJ sequences, combining marks, Arabic/Hebrew text",
     "linted; columns count Unicode code points (see \"Columns\")",
     "tests/test_hostile_positions.py::test_columns_count_code_points"),
    ("csv-quoted-newlines", "calendar", "quoted cells over several lines, doubled quotes, CRLF",
     "linted; each finding on the file line where its word is",
     "tests/test_hostile_positions.py::test_csv_quoted_newlines_positions"),
    ("jsonl-escapes", "calendar", "`\\n`, `\\\"`, `\\uXXXX` and surrogate pairs in `text`",
     "linted; columns point at the escaped characters in the file",
     "tests/test_hostile_positions.py::test_jsonl_escapes_positions"),
    ("draft-long-post", "draft", "a 190,000-character single-line post", "linted within the time bound",
     "tests/test_hostile_subprocess.py::test_long_single_line_is_linted_within_bound"),
    ("symlink-loop", "draft", "a folder holding a symlink to itself", "each draft linted once; no loop",
     "tests/test_hostile_subprocess.py::test_symlink_loop_is_walked_once"),
    ("draft-unreadable", "draft", "a draft without read permission (chmod 000)",
     "refused: permission denied, file named (simulated when run as root)",
     "tests/test_hostile_inputs.py::test_unreadable_draft"),
    ("suppress-unknown-code", "suppression", "`<!-- voicelint-disable VL999 Foo.Bar -->`",
     "VL911 warning on the directive, spanning it; real findings still suppressed",
     "tests/test_hostile_inputs.py::test_unknown_codes_in_directives"),
    ("rules-unsupported-type", "rules", "a Vale `script` rule", "skipped with one notice; the rest runs",
     "tests/test_hostile_inputs.py::test_unsupported_vale_type_is_a_notice"),
    ("rules-regex-bound-subprocess", "rules", "a catastrophic pattern in a real run",
     "exit 2 within 30 s, one line naming the rule file",
     "tests/test_hostile_subprocess.py::test_catastrophic_regex_is_bounded"),
    ("examples-outside", "security", "`examples_from: /etc/passwd` or a symlink out of the repo",
     "refused at the key unless VOICELINT_ALLOW_OUTSIDE_PATHS=1",
     "tests/test_security.py::test_examples_from_must_stay_inside"),
    ("yaml-safe-only", "security", "any `yaml.load`/`unsafe_load` in src/", "a test fails",
     "tests/test_security.py::test_no_unsafe_yaml_in_src"),
    ("cache-corrupt", "cache", "the embedding cache file overwritten with junk", "warning, moved aside, run succeeds",
     "tests/test_hostile_concurrency.py::test_corrupt_cache_is_survived"),
    ("cache-unwritable", "cache", "the cache folder not writable", "warning, run succeeds without a cache",
     "tests/test_hostile_concurrency.py::test_unwritable_cache_is_survived"),
    ("concurrent-lint", "cache", "8 processes linting at once on one cache", "identical results",
     "tests/test_hostile_concurrency.py::test_eight_processes_agree"),
    ("atomic-write-killed", "writes", "SIGKILL during fsutil.atomic_write", "each file old or new, never partial",
     "tests/test_hostile_concurrency.py::test_atomic_write_survives_sigkill"),
    ("fix-killed", "writes", "SIGKILL during `check --fix` over many files", "each file old or new, never partial",
     "tests/test_hostile_concurrency.py::test_fix_survives_sigkill"),
    ("output-unwritable", "writes", "`--output` into a missing folder", "exit 2, one line, nothing written",
     "tests/test_hostile_inputs.py::test_unwritable_output"),
    ("property-parsing", "draft", "generated Markdown/CSV/JSONL (emoji, CRLF, BOM, quotes, backticks, "
     "front matter fragments)", "only DraftError; every position inside the file",
     "tests/test_hostile_properties.py"),
]


def schema_cases():
    """One wrong-type profile per key of ``voicelint.inputs.profile.SCHEMA``: (keypath, yaml text)."""
    import yaml

    from voicelint.inputs.profile import SCHEMA

    wrong = {"str": {"a": 1}, "enum": ["x"], "int": "many", "number": "many", "bool": "maybe",
             "list": {"a": 1}, "map": [1], "dict": [1], "platforms": [1]}

    def required(spec):
        return {k: ("x" if spec["keys"][k]["type"] == "str" else None) for k in spec.get("required", [])}

    def walk(spec, path):
        t = spec["type"]
        if t in wrong and path:
            yield path, wrong[t]
        if t == "map":
            for k, sub in spec["keys"].items():
                yield from walk(sub, path + (k,))
        elif t == "list":
            yield from walk(spec["items"], path + (0,))
        elif t == "dict":
            yield from walk(spec["values"], path + ("some_key",))
        elif t == "platforms":
            yield from walk(spec["values"], path + ("twitter",))

    def specs_along(path):
        spec, out = SCHEMA, [SCHEMA]
        for k in path:
            t = spec["type"]
            spec = spec["keys"][k] if t == "map" else spec["items"] if t == "list" else spec["values"]
            out.append(spec)
        return out

    for path, value in walk(SCHEMA, ()):
        specs = specs_along(path)
        doc: dict = {"name": "Brand"}
        cur: object = doc
        for i, k in enumerate(path):
            last = i == len(path) - 1
            nxt = value if last else ([] if specs[i + 1]["type"] == "list" else
                                      dict(required(specs[i + 1])))
            if isinstance(cur, list):
                cur.append(nxt)
            else:
                cur[k] = nxt
            cur = nxt
        yield path, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def keystr(path) -> str:
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def table() -> str:
    """The Markdown table of docs/RELIABILITY.md (between its markers)."""
    rows = ["| id | area | input | outcome |", "|---|---|---|---|"]
    for c in REFUSED:
        rows.append(f"| `{c.id}` | {c.area} | {c.what} | exit 2: {c.outcome} |")
    n = sum(1 for _ in schema_cases())
    rows.append(f"| `profile-schema-*` | profile | a wrong type at each of the {n} keys of the profile "
                "schema (generated from `voicelint.inputs.profile.SCHEMA`) | exit 2: file, line, key path, "
                "what was expected |")
    for cid, area, what, outcome, test in HANDLED:
        rows.append(f"| `{cid}` | {area} | {what} | {outcome} (`{test.split('::')[-1]}`) |")
    return "\n".join(rows) + "\n"


def count() -> int:
    return len(REFUSED) + sum(1 for _ in schema_cases()) + len(HANDLED)


if __name__ == "__main__":
    sys.stdout.write(table())
