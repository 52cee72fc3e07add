"""A score on the wrong side of its threshold never prints as equal to it."""
from voicelint.findings import Finding
from voicelint.outputs.formatters import render
from voicelint.shared.messages import score_pair


def test_two_decimals_when_they_differ():
    assert score_pair(0.12, 0.30) == ("0.12", "0.30")


def test_more_decimals_when_two_would_print_equal():
    assert score_pair(0.0251, 0.0268) == ("0.025", "0.027")
    assert score_pair(0.02512, 0.02518) == ("0.0251", "0.0252")


def test_equal_values_stay_short():
    assert score_pair(0.5, 0.5) == ("0.50", "0.50")


def test_formatters_print_the_distinct_pair():
    f = Finding(path="a.md", line=1, column=1, end_line=1, end_column=2, code="VL210", severity="warning",
                message="m", score=0.0251, threshold=0.0268)
    for fmt in ("text", "github", "rdjsonl"):
        out = render(fmt, [f], [], {"posts": 1}, rules={}, color=False)
        assert "0.025" in out and "0.027" in out, fmt
