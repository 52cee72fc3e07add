"""How drift's findings read: each persona trait's unit and short name (en, fr), its value as
people read it, the words and marks that moved (:func:`wording_markers`) and the sentence that
explains a drifted group (:func:`describe`)."""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from voicelint.nlp import style

if TYPE_CHECKING:
    from .groups import GroupVerdict

#: How a trait is shown: "score" 0..1, "share" per 100 words, "count" per post, "words", "chars".
TRAIT_UNIT = {
    "formality": "score", "address_tu": "share", "address_vous": "share", "address_you": "share",
    "person_we": "share", "person_i": "share", "emoji": "count", "exclamation": "count",
    "question": "count", "hashtags": "count", "mentions": "count", "sentence_len": "words",
    "post_len": "chars", "push": "count", "slang": "share", "contractions": "share", "caps": "share",
    "ne_dropped": "share", "bare_il": "share", "ca": "share",
}
TRAIT_SHORT = {
    "en": {"formality": "formality", "address_tu": "tu", "address_vous": "vous", "address_you": "you",
           "person_we": "we", "person_i": "I", "emoji": "emoji", "exclamation": "'!'",
           "question": "'?'", "hashtags": "hashtags", "mentions": "@mentions",
           "sentence_len": "sentence length", "post_len": "post length", "push": "hard sell",
           "slang": "slang", "contractions": "contractions", "caps": "ALL CAPS",
           "ne_dropped": "negation without 'ne'", "bare_il": "'faut', 'y a' without 'il'", "ca": "'ça'"},
    "fr": {"formality": "formalité", "address_tu": "tu", "address_vous": "vous", "address_you": "you",
           "person_we": "nous", "person_i": "je", "emoji": "emoji", "exclamation": "« ! »",
           "question": "« ? »", "hashtags": "hashtags", "mentions": "mentions",
           "sentence_len": "longueur des phrases", "post_len": "longueur des posts",
           "push": "vente forcée", "slang": "familiarités", "contractions": "contractions",
           "caps": "MAJUSCULES", "ne_dropped": "négations sans « ne »",
           "bare_il": "« faut », « y a » sans « il »", "ca": "« ça »"},
}
_UNIT_TEXT = {
    "en": {"score": "", "share": " per 100 words", "count": "/post", "words": " words", "chars": " chars"},
    "fr": {"score": "", "share": " pour 100 mots", "count": "/post", "words": " mots", "chars": " car."},
}


def display_value(name: str, raw_mean: float) -> float:
    """A trait's mean in the unit people read (shares become 'per 100 words')."""
    return raw_mean * 100.0 if TRAIT_UNIT[name] == "share" else raw_mean


def fmt_value(name: str, value: float, lang: str = "en", unit: bool = True) -> str:
    kind = TRAIT_UNIT[name]
    if kind in ("chars", "words"):
        s = f"{value:.0f}"
    elif kind == "score":
        s = f"{value:.2f}"
    else:
        s = f"{value:.1f}"
    if lang == "fr":
        s = s.replace(".", ",")
    return s + (_UNIT_TEXT[lang if lang in _UNIT_TEXT else "en"][kind] if unit else "")


# What a reader can point at when the wording moved: hashtags and mentions as written, words, and
# typographic marks (apostrophes, quotes, spaced punctuation, ellipsis, emoji).
_MARK_RE = re.compile(r"[#@][^\W_][\w-]*|[^\W\d_]{2,}|[ \u00a0\u202f][!?;:]|[’'«»\"“”…!?;:]")
_MARK_NAMES = {
    "en": {"’": "’ (curly apostrophe)", "'": "' (straight apostrophe)", "«": "« » (guillemets)",
           '"': '" (straight quotes)', "“": "“ ” (curly quotes)", "…": "… (ellipsis)",
           " !": "space before !", " ?": "space before ?", " :": "space before :",
           " ;": "space before ;"},
    "fr": {"’": "’ (apostrophe courbe)", "'": "' (apostrophe droite)", "«": "« » (guillemets)",
           '"': '" (guillemets droits)', "“": "“ ” (guillemets anglais)", "…": "… (points de suspension)",
           " !": "espace avant !", " ?": "espace avant ?", " :": "espace avant :", " ;": "espace avant ;"},
}


def _marks(text: str) -> set[str]:
    out = set()
    for m in _MARK_RE.findall(text):
        if m[0] in " \u00a0\u202f":
            m = " " + m[1]
        elif m in "»":
            m = "«"
        elif m in "”":
            m = "“"
        elif m[0].isalpha():
            m = m.lower()
        out.add(m)
    out.update(style._EMOJI_RE.findall(text))
    return out


def wording_markers(group: list[str], ref: list[str], top: int = 3, min_z: float = 2.5) -> list[dict]:
    """Words, hashtags and typographic marks whose share of posts differs most between ``group``
    and ``ref`` (two-proportion z, smoothed): what a reader would point at. Explanation only,
    not part of the test."""
    n, m = len(group), len(ref)
    if not n or not m:
        return []
    cg: dict[str, int] = {}
    cr: dict[str, int] = {}
    for texts, counts in ((group, cg), (ref, cr)):
        for t in texts:
            for k in _marks(t):
                counts[k] = counts.get(k, 0) + 1
    out = []
    for k in set(cg) | set(cr):
        a, b = cg.get(k, 0), cr.get(k, 0)
        if a + b < 3:
            continue
        p = (a + b + 1.0) / (n + m + 2.0)
        z = (a / n - b / m) / math.sqrt(p * (1 - p) * (1.0 / n + 1.0 / m))
        if abs(z) >= min_z:
            out.append({"marker": k, "group": round(a / n, 3), "brand": round(b / m, 3), "z": round(z, 2)})
    spaced = {(d["marker"][1:], d["group"], d["brand"]) for d in out if d["marker"][:1] == " "}
    out = [d for d in out if (d["marker"], d["group"], d["brand"]) not in spaced]  # " !" says "!"
    out.sort(key=lambda d: (-abs(d["z"]), d["marker"]))
    return out[:top]


def marker_label(marker: str, lang: str = "en") -> str:
    return _MARK_NAMES.get(lang, _MARK_NAMES["en"]).get(marker, marker)


# Marks already told by a trait ("'!' 0.4/post" says "'!' in 40% of posts").
_MARK_TRAIT = {"!": "exclamation", "?": "question"}
#: Blocks of the statistic that see wording rather than named traits.
_WORDING_BLOCKS = ("chars", "style", "meaning")


def describe(v: GroupVerdict, lang: str = "en", top: int = 3) -> str:
    """'formality 0.31 vs brand 0.62, tu 8.0 per 100 words vs 0.0, emoji 2.4/post vs 0.3'; when the
    wording moved most (character n-grams, style, meaning), also the words and marks that moved:
    "'#LeGrandDebat' in 75% of posts vs 5%"."""
    short = TRAIT_SHORT.get(lang, TRAIT_SHORT["en"])
    versus = v.versus or "brand"
    ref_word = {"en": {"brand": "brand", "others": "elsewhere"},
                "fr": {"brand": "marque", "others": "ailleurs"}}["fr" if lang == "fr" else "en"][versus]
    parts = []
    for t in v.moved[:top]:
        if lang == "fr":
            who = f" ({ref_word} : " if not parts else " ("
            parts.append(f"{short[t['trait']]} {fmt_value(t['trait'], t['group'], lang)}{who}"
                         f"{fmt_value(t['trait'], t['brand'], lang, unit=False)})")
        else:
            who = f" {ref_word}" if not parts else ""
            parts.append(f"{short[t['trait']]} {fmt_value(t['trait'], t['group'], lang)} vs{who} "
                         f"{fmt_value(t['trait'], t['brand'], lang, unit=False)}")
    lead = max(v.blocks, key=lambda b: v.blocks[b]) if v.blocks else None
    if v.markers and (lead in _WORDING_BLOCKS or not parts):
        if len(parts) > 2:
            parts = parts[:2]
        said = {t["trait"] for t in v.moved[:len(parts)]}
        markers = [d for d in v.markers if _MARK_TRAIT.get(d["marker"].strip()) not in said]
        for d in markers[:2]:
            g, b = round(100 * d["group"]), round(100 * d["brand"])
            label = marker_label(d["marker"], lang)
            if lang == "fr":
                who = f" ({ref_word} : " if not parts else " ("
                parts.append(f"« {label} » dans {g} % des posts{who}{b} %)")
            else:
                who = f" {ref_word}" if not parts else ""
                parts.append(f"'{label}' in {g}% of posts vs{who} {b}%")
    if lead == "voice":  # the learned voice model heard it first: say so, with how far
        z = f"{v.blocks['voice']:.1f}".replace(".", "," if lang == "fr" else ".")
        parts.insert(0, f"score de voix appris {z} écarts-types sous les posts approuvés" if lang == "fr"
                     else f"learned voice score {z} SD below the approved posts")
        parts = parts[:3]
    if not parts:
        if lang == "fr":
            return "le vocabulaire et les sujets s'écartent des posts approuvés (aucun trait isolé ne ressort)"
        return "wording and topics differ from the approved posts (no single trait stands out)"
    return ", ".join(parts)
