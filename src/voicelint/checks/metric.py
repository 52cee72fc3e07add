"""metric: a formula over counts of the post, and a condition on it (Vale's ``metric``).

``formula`` is arithmetic (``+ - * / % **``, parentheses, ``math.sqrt(...)`` and the other
``math`` functions) over these counts of the post's prose (front matter, code and URLs are not
counted): ``words``, ``sentences``, ``characters`` (letters and digits of words),
``syllables``, ``paragraphs``, ``long_words`` (more than 6 letters), ``polysyllabic_words``
(more than 2 syllables), ``complex_words`` (polysyllabic, neither capitalised, hyphenated nor
made polysyllabic by -es/-ed/-ing), ``pre`` (code blocks), ``list`` (list items),
``blockquote`` and ``heading_h1`` .. ``heading_h6`` (also spelled ``heading.h1``). A ``$``
before a name is accepted (``$words``). ``condition`` is a comparison such as ``'> 8.0'``; when
it holds, one finding at the start of the post, with the formula's value (2 decimals) as
``%s``. A post without words is not judged; a division by zero judges nothing.

The counts of words, sentences and syllables are Vale's (``_summarize``: its summary text,
twine's word tokens and syllable counter); in a French post, voicelint's own: words of the body,
sentences split after ``. ! ?``, a vowel-group syllable count with French silent endings.
"""
from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass

import regex

from voicelint.shared.errors import RuleError
from . import _scope
from .base import Hit

TYPE = "metric"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"formula": str, "condition": str}
POST_LEVEL = True  # a value of the whole post

VARIABLES = ("words", "sentences", "characters", "syllables", "paragraphs", "long_words",
             "polysyllabic_words", "complex_words", "pre", "list", "blockquote",
             *(f"heading_h{i}" for i in range(1, 7)))
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Mod: operator.mod, ast.Pow: operator.pow, ast.FloorDiv: operator.floordiv}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_CMP = {ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Lt: operator.lt, ast.LtE: operator.le,
        ast.Eq: operator.eq, ast.NotEq: operator.ne}
_MATH = {name: getattr(math, name) for name in ("sqrt", "log", "log10", "log2", "exp", "pow", "abs", "floor",
                                                "ceil", "fabs", "min", "max") if hasattr(math, name)}
_MATH.update({"abs": abs, "min": min, "max": max, "round": round})
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")
_VOWELS = regex.compile(r"[aeiouyàâäéèêëîïôöûùüÿœæ]+", regex.I)


def _parse(expr: str, key: str) -> ast.Expression:
    src = regex.sub(r"heading\.(h[1-6])", r"heading_\1", expr.replace("$", "")).strip()
    if not src:
        raise RuleError(f"expected '{key}:' (an arithmetic expression)", key=key)
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"invalid {key} {expr.strip()!r}: {exc.msg}", key=key) from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in VARIABLES and node.id != "math":
            raise RuleError(f"unknown variable '{node.id}' in {key}; expected one of {', '.join(VARIABLES)}",
                            key=key)
        if isinstance(node, ast.Attribute) and (not isinstance(node.value, ast.Name) or node.value.id != "math"
                                                or node.attr not in _MATH):
            raise RuleError(f"unsupported function in {key}; use arithmetic and math.sqrt, math.log...", key=key)
        if not isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
                                 ast.Call, ast.Attribute, ast.Compare, *_BINOPS, *_UNARY, *_CMP)):
            raise RuleError(f"unsupported syntax in {key} {expr.strip()!r}", key=key)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise RuleError(f"only numbers may appear in {key}", key=key)
    return tree


def evaluate(node, env: dict):
    if isinstance(node, ast.Expression):
        return evaluate(node.body, env)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op)](evaluate(node.left, env), evaluate(node.right, env))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](evaluate(node.operand, env))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _MATH[node.func.attr](*(evaluate(a, env) for a in node.args))
    if isinstance(node, ast.Compare):
        left = evaluate(node.left, env)
        for op, right in zip(node.ops, node.comparators):
            r = evaluate(right, env)
            if not _CMP[type(op)](left, r):
                return False
            left = r
        return True
    raise ValueError("unsupported expression")


@dataclass(frozen=True)
class Settings:
    formula: ast.Expression
    condition: ast.Expression   # ``0 <condition>``: its operators and right-hand side
    text: str                   # the condition as written, for the evidence


def configure(rule) -> Settings:
    o = rule.options
    formula = _parse(o["formula"] or "", "formula")
    cond = (o["condition"] or "").strip()
    if not cond or cond[0] not in "<>=!":
        raise RuleError("expected 'condition:' as a comparison, e.g. '> 8.0'", key="condition")
    condition = _parse("0 " + cond, "condition")
    if not isinstance(condition.body, ast.Compare):
        raise RuleError("expected 'condition:' as a comparison, e.g. '> 8.0'", key="condition")
    return Settings(formula, condition, cond)


def syllables(word: str, lang: str = "en") -> int:
    w = word.lower()
    n = len(_VOWELS.findall(w))
    if n > 1:
        if lang == "fr":
            if regex.search(r"[^aeiouy](?:e|es|ent)$", w):
                n -= 1
        elif w.endswith("e") and not regex.search(r"[^aeiouy]le$", w):
            n -= 1
        elif w.endswith(("es", "ed")) and not regex.search(r"(?:[cgsxz]es|[td]ed)$", w):
            n -= 1
    return max(1, n)


def counts(post, ctx=None, lang: str = "en") -> dict[str, float]:
    """The variables of a post (floats, as Vale passes them)."""
    text = post.text[post.body_start:]
    words = [m.group(0) for m in _WORD.finditer(text)]
    syl = [syllables(w, lang) for w in words]
    complex_words = 0
    for w, s in zip(words, syl):
        if s >= 3 and not w[:1].isupper() and "-" not in w:
            stem = regex.sub(r"(?:es|ed|ing)$", "", w.lower())
            if syllables(stem, lang) >= 3:
                complex_words += 1
    spans = {name: _scope._spans(name, post, ctx) for name in ("sentence", "paragraph", "list", "blockquote")}
    headings = _scope._structure(post)["heading"]
    env = {
        "words": len(words), "sentences": len(spans["sentence"]),
        "characters": sum(len(regex.sub(r"['’-]", "", w)) for w in words), "syllables": sum(syl),
        "paragraphs": len(spans["paragraph"]), "long_words": sum(len(w) > 6 for w in words),
        "polysyllabic_words": sum(s >= 3 for s in syl), "complex_words": complex_words,
        "pre": len(regex.findall(r"^ {0,3}(?:`{3,}|~{3,})", post.source[post.body_start:], regex.M)) // 2,
        "list": len(spans["list"]), "blockquote": len(spans["blockquote"]),
    }
    for i in range(1, 7):
        env[f"heading_h{i}"] = sum(1 for _, _, lv in headings if lv == i)
    if lang != "fr":  # Vale's counts over Vale's summary text (English syllables)
        from . import _summarize
        env.update(_summarize.counts(_summarize.summary_text(post, ctx)))
    return {k: float(v) for k, v in env.items()}


def check(rule, post, ctx):
    formula, condition, cond = rule.compiled.formula, rule.compiled.condition, rule.compiled.text
    lang = ctx.lang(post) if ctx is not None else "en"
    env = counts(post, ctx, lang)
    if env["words"] == 0:
        return
    try:
        value = float(evaluate(formula, env))
        if not math.isfinite(value):
            return
        compare = ast.Compare(left=ast.Constant(value), ops=condition.body.ops,
                              comparators=condition.body.comparators)
        hit = evaluate(compare, env)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return
    if not hit:
        return
    start = post.body_start + (len(post.body) - len(post.body.lstrip()))
    yield Hit(start, start, args=(f"{value:.2f}",),
              evidence={"value": round(value, 4), "condition": cond,
                        **{k: int(v) for k, v in env.items() if k in ("words", "sentences", "syllables")}})
