"""address: how the brand addresses readers (tu/vous) and speaks of itself (nous/je, we/I).

``kind`` selects the finding:
- ``off_profile``: the post uses the address the profile does not (voice.address, or the
  platform's ``address`` override), e.g. "tu" in a vous-brand; French only;
- ``mixed_address``: tu and vous forms in the same post, when the profile sets no address;
- ``mixed_person``: the brand speaks as "nous" and "je" (we and I) in the same post;
- ``person_off_profile``: the post speaks only as the person the profile does not
  (``voice.person: we`` / ``nous`` and only "I" / "je" in the post, or the other way round).
  Quiet when more than 1 % of the brand's approved posts do the same (a reply an agent signs,
  "... *AB", is the brand too); ``profile learn`` relaxes it like the other judgements.
For an I/je voice (a person: a founder, a candidate, a creator), "we"/"nous" is read as inclusive
(the readers, the country, the team: "je veux faire respirer notre démocratie") for both
``mixed_person`` and ``person_off_profile``, until the approved posts show the brand does not
speak that way (:data:`INCLUSIVE_EVIDENCE`).
The finding points at the first form of the minority side (of the off-profile side). Words in
quotation marks (« », “ ”, "...") are someone else's: a candidate quoting a rival's "Vous avez été
ministre" while telling readers "dis-nous ce que tu en penses" has not mixed tu and vous.
"""
from __future__ import annotations

import re

from voicelint.shared.errors import RuleError
from .base import Hit

TYPE = "address"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"kind": str}
KINDS = ("off_profile", "mixed_address", "mixed_person", "person_off_profile")
_B = r"(?<![\w’'-])"
_E = r"(?![\w’'-])"
FORMS = {
    "fr": {
        "tu": re.compile(_B + r"(?:tu|toi|(?<!le |un |du |ce )ton|ta|tes|tien(?:ne)?s?)" + _E
                         + r"|" + _B + r"te(?=\s+\w)|" + _B + r"t['’](?=\w)", re.I),
        "vous": re.compile(_B + r"(?:vous|votre|vos|vôtres?)" + _E, re.I),
        "nous": re.compile(_B + r"(?:nous|notre|nos|nôtres?)" + _E, re.I),
        "je": re.compile(_B + r"(?:je|j['’](?=\w)|moi|mon|mes)" + _E + r"|" + _B + r"j['’](?=\w)", re.I),
    },
    "en": {
        "we": re.compile(_B + r"(?:we|us|our|ours|ourselves|we['’](?:re|ve|ll|d))" + _E, re.I),
        "i": re.compile(r"(?<![\w’'-])(?:I|I['’](?:m|ve|ll|d)|me|my|mine|myself)" + _E),
    },
}
PERSON = {"fr": ("nous", "je"), "en": ("we", "i")}
# voice.person in either language: "we" in a French post means "nous"
_PERSON_SIDE = {"we": 0, "nous": 0, "i": 1, "je": 1}
#: Share of the approved posts that may speak as the other person before VL211 keeps quiet
#: (the tolerance of the learned norms).
APPROVED_TOLERANCE = 0.01
#: An I/je voice says "we"/"nous" for the people it speaks to and with ("si nous sortons de
#: l'Europe", "notre démocratie"): on the dev set's ten French candidates, 8–14 % of the posts mix
#: je and nous forms and 10–15 % speak only in nous forms. So for an I/je voice VL203 and VL211
#: flag those forms only when at least this many approved posts show the brand does not use them
#: (at most :data:`APPROVED_TOLERANCE` of them do): with 5 examples, the absence says nothing.
INCLUSIVE_EVIDENCE = 30


def configure(rule) -> str:
    k = rule.options["kind"]
    if k not in KINDS:
        raise RuleError(f"expected kind one of {', '.join(KINDS)}, got {k!r}", key="kind")
    return k


#: Quoted speech: « », “ ” and straight double quotes paired on one line.
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")


def unquoted(text: str) -> str:
    """``text`` with what is inside quotation marks blanked (same length: offsets stay true)."""
    return QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _all(lang, side, text):
    return list(FORMS[lang][side].finditer(text))


def check(rule, post, ctx):
    lang = ctx.lang(post)
    kind = rule.compiled
    text = unquoted(post.text)
    if kind in ("off_profile", "mixed_address"):
        if lang != "fr":
            return
        want = ctx.setting(post, "platform.address") or ctx.setting(post, "voice.address")
        if kind == "off_profile":
            if not want:
                return
            other = "tu" if want == "vous" else "vous"
            found = _all(lang, other, text)
            if found:
                m = found[0]
                yield Hit(m.start(), m.end(), args=(m.group(0), want),
                          evidence={"expected": want, "found": other, "count": len(found)})
            return
        if want:
            return
        tu, vous = _all(lang, "tu", text), _all(lang, "vous", text)
        if tu and vous:
            minority = tu if len(tu) <= len(vous) else vous
            m = minority[0]
            yield Hit(m.start(), m.end(), args=(m.group(0),),
                      evidence={"tu": len(tu), "vous": len(vous)})
        return
    a, b = PERSON.get(lang, (None, None))
    if a is None:
        return
    if kind == "person_off_profile":
        yield from _person_off_profile(post, ctx, lang)
        return
    fa, fb = _all(lang, a, text), _all(lang, b, text)
    if fa and fb:
        want = ctx.setting(post, "voice.person")
        if _PERSON_SIDE.get(str(want or "").lower()) == 1 and _inclusive(ctx, lang, "mixed"):
            return
        if want in (a, b):
            minority = fb if want == a else fa
        else:
            minority = fa if len(fa) < len(fb) else fb
        m = minority[0]
        yield Hit(m.start(), m.end(), args=(m.group(0),), evidence={a: len(fa), b: len(fb)})


def _only(lang: str, side: int, text: str) -> list:
    """The forms of person ``side`` (0 we/nous, 1 I/je) when the text uses no form of the other."""
    sides = PERSON[lang]
    mine = _all(lang, sides[side], text)
    return mine if mine and not FORMS[lang][sides[1 - side]].search(text) else []


def _mixed(lang: str, text: str) -> bool:
    a, b = PERSON[lang]
    return bool(FORMS[lang][a].search(text) and FORMS[lang][b].search(text))


def _approved_share(ctx, lang: str, what) -> tuple[int, float]:
    """How many approved posts the brand has (drift's list: no pillars' examples) and the share
    of them that speak only as person ``what`` (0 we/nous, 1 I/je) or, for ``"mixed"``, as both
    (memoised)."""
    def share():
        from voicelint.judgement.brand import approved_posts
        texts = [unquoted(t) for t in approved_posts(ctx.profile, pillars=False)]
        hit = (lambda t: _mixed(lang, t)) if what == "mixed" else (lambda t: _only(lang, what, t))
        return len(texts), (sum(1 for t in texts if hit(t)) / len(texts) if texts else 0.0)
    return ctx.memo(("VL211-approved", id(ctx.profile), lang, what), share)


def _inclusive(ctx, lang: str, what) -> bool:
    """For an I/je voice: whether its we/nous forms (``what``: "mixed", or 0 for a post only in
    them) are read as inclusive, the approved posts not showing that the brand avoids them."""
    n, share = _approved_share(ctx, lang, what)
    return n < INCLUSIVE_EVIDENCE or share > APPROVED_TOLERANCE


def _person_off_profile(post, ctx, lang):
    want = _PERSON_SIDE.get(str(ctx.setting(post, "voice.person") or "").lower())
    if want is None:
        return
    found = _only(lang, 1 - want, unquoted(post.text))
    if not found or (_inclusive(ctx, lang, 0) if want == 1 else
                     _approved_share(ctx, lang, 1)[1] > APPROVED_TOLERANCE):
        return
    m = found[0]
    expected, other = PERSON[lang][want], PERSON[lang][1 - want]
    yield Hit(m.start(), m.end(), args=(m.group(0), "I" if expected == "i" else expected),
              evidence={"expected": expected, "found": other, "count": len(found)})
