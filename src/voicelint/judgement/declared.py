"""What a French brand's approved posts show of how it addresses its readers: ``voice.address``.

tu or vous is the first thing a French reader hears of a voice, and the one VL201 enforces. A
profile learned from a brand's history had none (``profile learn`` never wrote it), so a draft
that tutoies the readers of a brand that has always vouvoyé them passed with no VL201, while the
proposal's own summary said "vouvoie". :func:`learn_address` writes it when the posts agree:

- at least :data:`MIN_ADDRESS_POSTS` approved posts address the reader in one form, and
- at most :func:`voicelint.judgement.norms.tolerated` of them use the other (none under 99 posts:
  a new post of the brand's own breaks a rule k + 1 times in n + 1, the learned norms' tolerance).

The forms are VL201's own (:data:`voicelint.checks.address.FORMS`, quotations left out). A
profile that declares an address (in ``voice`` or for a platform) keeps it; a brand whose posts
use both forms (a tu brand that says "vous" to a crowd more than the tolerance allows) gets none,
and ``profile learn`` says why. What was decided is recorded in ``learned.address``.
"""
from __future__ import annotations

#: Approved posts that must address the reader in one form before it is learned: with fewer, the
#: absence of the other form says little.
MIN_ADDRESS_POSTS = 5


def address_counts(texts: list[str]) -> dict[str, int]:
    """How many of ``texts`` use a tu form and a vous form (VL201's forms, outside quotations)."""
    from voicelint.checks.address import FORMS, unquoted
    out = {"tu": 0, "vous": 0}
    for t in texts:
        text = unquoted(t)
        for side in out:
            out[side] += bool(FORMS["fr"][side].search(text))
    return out


def learn_address(texts: list[str], lang: str, data: dict) -> dict | None:
    """Set ``data["voice"]["address"]`` from ``texts`` (the approved posts) when they agree (see the
    module docstring); return the record for ``learned.address`` (None when the question does not
    arise: not French, or declared)."""
    from .norms import declared_anywhere, tolerated
    if lang != "fr" or declared_anywhere(data, ["address"]):
        return None
    counts = address_counts(texts)
    n = len(texts)
    side = max(counts, key=lambda s: (counts[s], s == "vous"))
    other = "tu" if side == "vous" else "vous"
    record = {"posts": n, "tu": counts["tu"], "vous": counts["vous"], "tolerated": tolerated(n)}
    if counts[side] < MIN_ADDRESS_POSTS:
        k = counts[side]
        record["why_not"] = (f"{k} approved post{'s' * (k != 1)} address{'es' * (k == 1)} the reader, "
                             f"{MIN_ADDRESS_POSTS} are needed to learn how")
    elif counts[other] > tolerated(n):
        record["why_not"] = (f"the approved posts use both: {counts['vous']} 'vous', {counts['tu']} 'tu'")
    else:
        data["voice"] = {**(data["voice"] if isinstance(data.get("voice"), dict) else {}), "address": side}
        record["learned"] = side
    return record


def describe(record: dict | None) -> str | None:
    """One line for ``profile learn``'s summary."""
    if not record:
        return None
    if "learned" in record:
        side = record["learned"]
        other = "tu" if side == "vous" else "vous"
        return (f"voice.address = {side}: {record[side]} of the {record['posts']} approved posts address the "
                f"reader as '{side}', {record[other] or 'none'} as '{other}' (VL201 now flags '{other}'; "
                "declare voice.address to choose otherwise)")
    return f"voice.address not learned: {record['why_not']} (declare it to have VL201 check it)"
