"""Check script: how well voicelint runs real Vale style packages (not a test).

For each package under ``--styles`` (e.g. ``../shared/data/vale_styles``: Microsoft, Google,
write-good, proselint): how many rules load, how many are skipped and of which type, and, for
every loaded rule, a document written to break it — a string generated from the rule's own
pattern (its ``tokens``/``raw``, a ``swap`` key, ``token`` repeated past ``max``, a repeated
token, both spellings of an ``either`` pair, an undefined ``first``, a heading in the wrong
case, long sentences for a ``metric``), placed in the scope the rule reads (a heading for
``scope: heading``, the start of a paragraph for ``^``...). The rule *fires* when one of its
findings covers the planted text, as Vale's semantics say it should.

    PYTHONPATH=src python bench/vale_compat.py --styles ../shared/data/vale_styles [-v]

``-v`` lists the rules that did not fire, with the document tried. The packages are read by
path only; nothing is copied into the project.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from re import _constants as C
from re import _parser as sre_parse

from voicelint.checks import _scope
from voicelint.inputs.documents import parse_string
from voicelint.engine.engine import Context, Engine
from voicelint.engine.rules import load_pack

MAX_CHOICES = 12


# -- strings from patterns -------------------------------------------------------------------
def _simplify(pattern: str) -> str:
    """What Python's ``re`` parser can read: Unicode classes and inline flags made plain."""
    p = re.sub(r"\\p\{?L\}?|\[\[:alpha:\]\]|\\p\{Lu\}", "A", pattern)
    p = re.sub(r"\\p\{?N\}?|\[\[:digit:\]\]", "1", p)
    p = re.sub(r"\(\?[imsx-]+\)", "", p)
    p = p.replace("(?i:", "(?:").replace("\\z", "$")
    return p


class Sampler:
    """The shortest string matching a pattern, taking alternative ``choice`` at each branch."""

    def __init__(self, choice: int = 0):
        self.choice = choice
        self.groups: dict[int, str] = {}

    def run(self, pattern: str) -> str | None:
        try:
            tree = sre_parse.parse(_simplify(pattern))
        except Exception:
            return None
        try:
            return self.gen(tree)
        except Exception:
            return None

    def gen(self, items) -> str:
        out = []
        for op, av in items:
            out.append(self.one(op, av))
        return "".join(out)

    def one(self, op, av) -> str:
        if op is C.LITERAL:
            return chr(av)
        if op is C.NOT_LITERAL:
            return "a" if av != ord("a") else "b"
        if op is C.ANY:
            return "a"
        if op is C.IN:
            return self.klass(av)
        if op is C.BRANCH:
            alts = av[1]
            pick = alts[self.choice % len(alts)]
            return self.gen(pick)
        if op is C.SUBPATTERN:
            group, _, _, sub = av
            text = self.gen(sub)
            if group:
                self.groups[group] = text
            return text
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo == 0:
                # a space that separates words (`\s*` between raw and tokens) is kept once
                if len(sub) == 1 and sub[0][0] is C.IN and (C.CATEGORY, C.CATEGORY_SPACE) in sub[0][1]:
                    return " "
                if len(sub) == 1 and sub[0] == (C.LITERAL, ord(" ")):
                    return " "
                return ""
            return "".join(self.gen(sub) for _ in range(lo))
        if op is C.GROUPREF:
            return self.groups.get(av, "")
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return ""
        if op is C.CATEGORY:
            return self.category(av)
        if op is C.GROUPREF_EXISTS:
            return self.gen(av[1])
        if op is getattr(C, "ATOMIC_GROUP", None):
            return self.gen(av)
        raise ValueError(f"unsupported {op}")

    @staticmethod
    def category(cat) -> str:
        return {C.CATEGORY_DIGIT: "1", C.CATEGORY_NOT_DIGIT: "a", C.CATEGORY_SPACE: " ",
                C.CATEGORY_NOT_SPACE: "a", C.CATEGORY_WORD: "a", C.CATEGORY_NOT_WORD: " "}.get(cat, "a")

    def klass(self, items) -> str:
        negate = any(op is C.NEGATE for op, _ in items)
        if not negate:
            for op, av in items:
                if op is C.LITERAL:
                    return chr(av)
                if op is C.RANGE:
                    return chr(av[0])
                if op is C.CATEGORY:
                    return self.category(av)
            return "a"
        banned = set()
        for op, av in items:
            if op is C.LITERAL:
                banned.add(chr(av))
            elif op is C.RANGE:
                banned.update(chr(c) for c in range(av[0], av[1] + 1))
            elif op is C.CATEGORY:
                banned.update({C.CATEGORY_SPACE: " \t\n", C.CATEGORY_DIGIT: "0123456789",
                               C.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyzA1_"}.get(av, ""))
        for c in "aeixAZ1,; -.":
            if c not in banned:
                return c
        return "#"


def samples(pattern: str, n: int = MAX_CHOICES) -> list[str]:
    out = []
    for choice in range(n):
        s = Sampler(choice).run(pattern)
        if s and s.strip() and s not in out:
            out.append(s)
    return out


# -- documents that break a rule --------------------------------------------------------------
LEAD = "Ana reads a short book on the train."
NEUTRAL = f"# A short note\n\n{LEAD}\n\nShe gets off at the next stop.\n"


def place(rule, planted: str) -> tuple[str, int]:
    """A Markdown document with ``planted`` where the rule's scope reads it; (doc, offset)."""
    scope = _scope.parse(rule.scope)
    if "heading" in scope.include[0] or scope.include[0] == "title":
        prefix = f"{LEAD}\n\n## "
        return prefix + planted + "\n\nA closing line.\n", len(prefix)
    if planted.lstrip().startswith(("^", "\n")) or scope.include[0] == "paragraph":
        prefix = f"{LEAD}\n\n"
        return prefix + planted + " and more.\n", len(prefix)
    prefix = f"{LEAD}\n\n"
    return prefix + planted + " \n", len(prefix)


def candidates(rule) -> list[tuple[str, int, int]]:
    """(document, start, end of the planted text) to try, best first."""
    o, kind = rule.options, rule.type
    out: list[tuple[str, int, int]] = []

    def add(planted: str):
        doc, at = place(rule, planted)
        out.append((doc, at, at + len(planted)))
        if doc.endswith(planted + " \n"):  # also inside a sentence: Vale trims a block's edges, so a
            prefix = f"{LEAD}\n\nThen "      # pattern needing a space around it never fires there
            out.append((prefix + planted + " came.\n", len(prefix), len(prefix) + len(planted)))

    if kind == "existence":
        for s in samples(rule.compiled.rx.pattern):
            add(s)
            add(s[:1].upper() + s[1:])
            if not s[-1:].isalnum():  # `\b` after a symbol needs a word next ("pre- and post-processing")
                add(s + "processing")
    elif kind == "substitution":
        for s in samples(rule.compiled.rx.pattern):
            add(s)
    elif kind == "occurrence":
        mx = o.get("max")
        for s in samples(str(o["token"]), 3):
            if mx:
                add(" ".join([s.strip()] * (mx + 1)) + ".")
    elif kind == "repetition":
        for s in samples("|".join(str(t) for t in o.get("tokens") or []), 4):
            word = s.strip() if s.strip().isalpha() else "word"
            add(f"{word} {word}")
    elif kind == "consistency":
        for a, b in list((o.get("either") or {}).items())[:3]:
            sa, sb = (samples(str(a), 1) or [""])[0], (samples(str(b), 1) or [""])[0]
            if sa and sb:
                doc = f"{LEAD} We like {sa} here.\n\nAnd {sb} there.\n"
                at = doc.index(f"And {sb}") + 4
                out.append((doc, at, at + len(sb)))
    elif kind == "conditional":
        for s in samples(str(o["first"]), 4):
            add(f"The {s.strip()} said so.")
    elif kind == "capitalization":
        m = o.get("match")
        planted = {"$sentence": "Getting Started With Our New Shop", "$title": "a guide to the city of lights",
                   "$lower": "Getting Started", "$upper": "getting started"}.get(m, "zz")
        add(planted)
    elif kind == "metric":
        long = ("Notwithstanding considerable organizational complexity, comprehensive documentation "
                "systematically facilitates unprecedented interdisciplinary collaboration everywhere imaginable")
        for doc in (" ".join([long + ","] * 4) + ".", "Short. Short. Short. Short.", "Hi."):
            out.append((doc, 0, len(doc)))
    return out


def fires(rule, doc: str, start: int, end: int) -> bool:
    post = parse_string(doc, name="<bench>.md", meta={"lang": "en"})
    engine = Engine([rule])
    result = engine.run([post], Context(None))
    for f in result.findings:
        if f.code != rule.code:
            continue
        s = post.line_starts[f.line - 1] + f.column - 1
        e = post.line_starts[f.end_line - 1] + f.end_column - 1
        if rule.type == "metric" or (s < max(end, start + 1) and start < max(e, s + 1)):
            return True
    return False


def fires_anywhere(rule, doc: str) -> bool:
    return fires(rule, doc, 0, len(doc))


def out_of_scope(rule, cands) -> bool | None:
    """For a rule reading headings only: True when the planted text, put in a paragraph
    instead, does not fire (the scope is honoured); None for other rules."""
    scope = _scope.parse(rule.scope)
    if not scope.include[0].startswith("heading") or not cands:
        return None
    doc, s, e = cands[0]
    planted = doc[s:e]
    para = f"{LEAD}\n\n{planted} and more.\n"
    return not fires(rule, para, len(LEAD) + 2, len(LEAD) + 2 + len(planted))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--styles", required=True, help="folder of Vale packages (read by path)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the rules that did not fire")
    args = ap.parse_args(argv)
    root = Path(args.styles)
    packages = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    rows = []
    total = Counter()
    for pkg in packages:
        notices: list[str] = []
        t0 = time.perf_counter()
        rules = load_pack(pkg, notices)
        load_s = time.perf_counter() - t0
        files = [f for f in pkg.rglob("*.yml") if "config" not in f.parts]
        skipped = Counter()
        for n in notices:
            m = re.search(r"(\d+) rules? of type '(\w+)' skipped", n)
            if m:
                skipped[m.group(2)] += int(m.group(1))
        fired, missed, nodoc = 0, [], []
        noisy = [r.code for r in rules if fires_anywhere(r, NEUTRAL)]
        scoped = [out_of_scope(r, candidates(r)) for r in rules]
        scoped_ok = sum(1 for x in scoped if x)
        scoped_n = sum(1 for x in scoped if x is not None)
        for rule in rules:
            cands = candidates(rule)
            if not cands:
                nodoc.append(rule.code)
                continue
            if any(fires(rule, *c) for c in cands):
                fired += 1
            else:
                missed.append((rule.code, cands[0][0]))
        by_type = Counter(r.type for r in rules)
        rows.append((pkg.name, len(files), len(rules), sum(skipped.values()), fired, len(missed), len(nodoc),
                     len(rules) - len(noisy), f"{scoped_ok}/{scoped_n}", load_s, dict(by_type), dict(skipped)))
        total.update({"files": len(files), "loaded": len(rules), "skipped": sum(skipped.values()),
                      "fired": fired, "missed": len(missed), "nodoc": len(nodoc),
                      "quiet": len(rules) - len(noisy), "scoped_ok": scoped_ok, "scoped_n": scoped_n})
        if args.verbose:
            for code in noisy:
                print(f"  fired on the neutral document: {code}")
            for code, doc in missed:
                print(f"  did not fire: {code}: {doc!r}")
            for code in nodoc:
                print(f"  no document generated: {code}")
    print(f"{'package':<12}{'rules':>6}{'loaded':>8}{'skipped':>9}{'fired':>7}{'missed':>8}{'no doc':>8}"
          f"{'quiet':>7}{'scoped':>8}{'load s':>8}  loaded by type / skipped by type")
    for name, nfiles, loaded, skipped, fired, missed, nodoc, quiet, sc, load_s, by_type, sk in rows:
        types = ", ".join(f"{k} {v}" for k, v in sorted(by_type.items()))
        sks = ", ".join(f"{k} {v}" for k, v in sorted(sk.items())) or "-"
        print(f"{name:<12}{nfiles:>6}{loaded:>8}{skipped:>9}{fired:>7}{missed:>8}{nodoc:>8}{quiet:>7}{sc:>8}"
              f"{load_s:>8.2f}  {types} / {sks}")
    print(f"{'total':<12}{total['files']:>6}{total['loaded']:>8}{total['skipped']:>9}{total['fired']:>7}"
          f"{total['missed']:>8}{total['nodoc']:>8}{total['quiet']:>7}"
          f"{str(total['scoped_ok']) + '/' + str(total['scoped_n']):>8}")
    print("fired: a finding covers the planted text; quiet: silent on a neutral document; "
          "scoped: heading rules silent when the same text is in a paragraph")
    return 0


if __name__ == "__main__":
    sys.exit(main())
