"""VL208's finding says why in its own terms: the distance from the expected formality against
the tolerance (not the post's formality against the tolerance, which read as nonsense)."""
import voicelint


def test_score_is_the_distance_and_threshold_the_tolerance():
    prof = {"name": "Brand", "language": "fr", "voice": {"formality": 0.8}}
    text = "Yo la team, tu vas kiffer grave ce truc, trop stylé mdr 🔥🔥 !!!"
    [f] = [f for f in voicelint.lint(text, profile=prof, semantic=False) if f.code == "VL208"]
    ev = f.evidence
    assert abs(f.score - abs(ev["formality"] - ev["expected"])) < 1e-3
    assert f.threshold == ev["tolerance"] and f.score > f.threshold
