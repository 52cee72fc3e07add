"""profile: checks of the brand profile itself (VL9xx), run by ``profile check`` and on load.

Each ``kind`` is one judgement about a profile that loaded fine but says something a strategist
would question: "si tout est bleu, vous n'avez pas réellement choisi de stratégie".
Hits carry a key path; the engine places them at that key's line in the profile file.
"""
from __future__ import annotations

from voicelint.shared.errors import RuleError
from voicelint.inputs import platforms

TYPE = "profile"
SCOPE = "profile"
NEEDS: set = set()
OPTIONS = {"kind": str}


def _no_strategy(p):
    missing = [k for k in ("proposition", "pillars") if not p.data.get(k)]
    if missing:
        yield (), (" and ".join(missing),)


def _all_primary(p):
    obj = p.get("strategy", "objectives") or {}
    if len(obj) >= 2 and all(v == "primary" for v in obj.values()):
        yield ("strategy", "objectives"), (len(obj),)


def _forbidden_and_allowed(p):
    lex = p.lexicon
    claims = lex.get("claims") or {}
    forb = {str(t).lower(): i for i, t in enumerate(claims.get("forbidden") or [])}
    for i, t in enumerate(claims.get("allowed") or []):
        if str(t).lower() in forb:
            yield ("lexicon", "claims", "allowed", i), (t, "claims.forbidden")
    banned = {str(t).lower() for t in lex.get("banned") or []}
    for t in (lex.get("preferred") or {}):
        if str(t).lower() in banned:
            continue  # banned and preferred-away is consistent
    for i, t in enumerate(claims.get("allowed") or []):
        if str(t).lower() in banned:
            yield ("lexicon", "claims", "allowed", i), (t, "lexicon.banned")


def _preferred_conflict(p):
    lex = p.lexicon
    banned = {str(t).lower() for t in lex.get("banned") or []}
    forb = {str(t).lower() for t in (lex.get("claims") or {}).get("forbidden") or []}
    for k, v in (lex.get("preferred") or {}).items():
        if str(v).lower() in banned | forb:
            yield ("lexicon", "preferred", k), (v, k)


def _address_language(p):
    lang = p.language
    v = p.voice
    if lang == "en" and v.get("address"):
        yield ("voice", "address"), (f"address: {v['address']}", "en")
    person = v.get("person")
    if person and lang == "en" and person in ("nous", "je", "on"):
        yield ("voice", "person"), (f"person: {person}", "en")
    if person and lang == "fr" and person in ("we", "i"):
        yield ("voice", "person"), (f"person: {person}", "fr")
    for name, conf in (p.data.get("platforms") or {}).items():
        if conf and conf.get("address") and lang == "en":
            yield ("platforms", name, "address"), (f"platforms.{name}.address", "en")


def _pillar_incomplete(p):
    for section in ("pillars", "off_strategy"):
        for i, item in enumerate(p.data.get(section) or []):
            missing = [k for k in ("description", "examples") if not item.get(k)]
            if missing:
                yield (section, i), (item.get("id", f"#{i + 1}"), " and ".join(missing))


def _unknown_platform(p):
    from voicelint.shared.messages import did_you_mean
    for name in p.data.get("platforms") or {}:
        if not platforms.is_known(name):
            yield ("platforms", name), (name, did_you_mean(name, platforms.KNOWN) or
                                        f" (expected one of {', '.join(platforms.KNOWN)})")


def _no_voice_examples(p):
    v = p.voice
    if not v.get("examples") and not v.get("examples_from") and not (p.data.get("learned") or {}).get("voice_model"):
        yield ("voice",) if v else (), ()


def _unknown_code(p):
    from voicelint.engine.rules import builtin_codes
    codes = builtin_codes()
    rules = p.data.get("rules") or {}

    def known(c):
        return c == "ALL" or any(k == c or k.startswith(c) for k in codes) or "." in c
    for key in ("select", "ignore"):
        for i, c in enumerate(rules.get(key) or []):
            if not known(c):
                yield ("rules", key, i), (c,)
    for c in (rules.get("severity") or {}):
        if not known(c):
            yield ("rules", "severity", c), (c,)


def _duplicate_ids(p):
    seen = set()
    for section in ("pillars", "off_strategy"):
        for i, item in enumerate(p.data.get(section) or []):
            if item["id"] in seen:
                yield (section, i, "id"), (item["id"],)
            seen.add(item["id"])


def _objective_without_indicator(p):
    """"Choisissez vos objectifs" and say how each is measured: an objective that counts
    (primary or secondary) with no entry under strategy.indicators."""
    objectives = p.get("strategy", "objectives") or {}
    indicators = p.get("strategy", "indicators") or {}
    for name, level in objectives.items():
        if level in ("primary", "secondary") and not indicators.get(name):
            yield ("strategy", "objectives", name), (name, level, name)


def _thin_off_topic(p):
    """An off-strategy topic VL402 can hardly recognise: fewer than 3 examples, so only a post
    close to its few words is found (issue 18: "politique, élections" against a candidate's post
    on jobs), and VL402's cut is set from the approved posts alone (``topic_cut`` needs the
    topics' examples to choose it on both sides)."""
    for i, item in enumerate(p.data.get("off_strategy") or []):
        n = len(item.get("examples") or [])
        if n < THIN_EXAMPLES:
            yield ("off_strategy", i), (item["id"], f"{n} example{'s' if n != 1 else ''}" if n else "no examples")


#: Examples an off-strategy topic needs (as VL914 asks of pillars).
THIN_EXAMPLES = 3

KINDS = {
    "no_strategy": _no_strategy, "all_primary": _all_primary,
    "forbidden_and_allowed": _forbidden_and_allowed, "preferred_conflict": _preferred_conflict,
    "address_language": _address_language, "pillar_incomplete": _pillar_incomplete,
    "unknown_platform": _unknown_platform, "no_voice_examples": _no_voice_examples,
    "unknown_code": _unknown_code, "duplicate_ids": _duplicate_ids,
    "objective_without_indicator": _objective_without_indicator,
    "thin_off_topic": _thin_off_topic,
    "strategy_separation": lambda p: __import__("voicelint.judgement.strategy.calibration",
                                                fromlist=["vl914"]).vl914(p),
}


def configure(rule):
    k = rule.options["kind"]
    if k not in KINDS:
        raise RuleError(f"expected kind one of {', '.join(KINDS)}, got {k!r}", key="kind")
    return KINDS[k]


def check_profile(rule, profile):
    """Yield (key path, message args)."""
    yield from rule.compiled(profile)
