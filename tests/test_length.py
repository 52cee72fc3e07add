"""VL301's count on X (voicelint.checks.length): the fast count equals the unit-by-unit one, and
the finding points at the unit that goes over the limit."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from voicelint.checks import length

PIECES = ["a", "é", "e\u0301", " ", "日", "👍", "👍🏽", "👨\u200d👩\u200d👧", "🇫🇷", "©", "—", "’", "\u2033",
          "!", "https://example.com/path", "www.x.fr/a).", "@brand ", ".@someone "]


def reference(text: str) -> int:
    """Unit by unit, as the finding's position is found."""
    total = 0
    for s, e, link in length._pieces(text):
        if link:
            total += length._URL_WEIGHT
        else:
            total += sum(length._weight(m.group(0)) for m in length._CLUSTER_RE.finditer(text[s:e]))
    return total


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_fast_count_equals_the_unit_by_unit_count(text):
    assert length.weighted_length(text) == reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join), st.integers(0, 60))
def test_the_position_is_where_the_count_goes_over(text, mx):
    at = length._past(text, "twitter", mx)
    if length.weighted_length(text) <= mx:
        assert at == len(text)
    else:
        assert length.weighted_length(text[:at]) <= mx or text[:at].startswith(("@", ".@"))
        assert at < len(text)


def test_known_weights():
    assert length.count("@a @b hi", "twitter") == (2, "x")
    assert length.count("see https://example.com/" + "p" * 80 + " ok", "twitter") == (30, "x")
    assert length.count("👨\u200d👩\u200d👧 日本 cafe\u0301", "twitter") == (12, "x")
    assert length.count("日本", "threads") == (2, "characters")
