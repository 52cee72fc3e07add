"""Benchmark of the strategy checks (VL401, VL402, VL403) on real posts.

English: each skincare brand of the data set gets the same hand-written skincare strategy
(proposition, three pillars, a declared off-strategy topic), written from the brands' public
positioning, not from the test posts; ``--approved`` of its own posts are its approved posts
(calibration, leave-one-out), ``--peers`` posts of the other skincare brands are its competitors.
Then, on posts never seen:

- false alarms: the brand's own held-out posts flagged VL401 / VL403 (target: about 3 %);
- VL401 detection: posts of the customer-care accounts (airline, bank, music, fast food...), off
  this strategy;
- VL403 detection: held-out posts of the other skincare brands (a competitor could sign them).

French: the bundled Maison Lumen profile (``--lumen``) against the 2017 candidates' posts, all
political: VL402 (declared topic ``politique``) and VL401 detection. There is no French brand
corpus here to measure French false alarms on; the leave-one-out figures of the profile are
printed instead.

    python bench/eval_strategy.py --data ../shared/data/brand_posts_dev.jsonl [--seed 0]

The data file is read by path only. Embeddings are cached in ``--cache-dir``.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from voicelint import profile as profile_mod  # noqa: E402
from voicelint.checks.semantic import decide  # noqa: E402
from voicelint.nlp.embeddings import get_embedder  # noqa: E402
from voicelint.strategy import StrategySpace  # noqa: E402

SKINCARE = ["cerave", "esteelauder", "neutrogena", "skinceuticals", "dermalogica"]
CARE = ["AppleSupport", "SpotifyCares", "AirAsiaSupport", "McDonalds", "NikeSupport", "Walmart", "AskRBC"]
SKINCARE_STRATEGY = {
    "language": "en",
    "proposition": ("Skincare developed with dermatologists and skin scientists: cleansers, moisturisers, "
                    "serums and sunscreens with proven ingredients, and advice so that everyone can care "
                    "for their skin type and skin concerns."),
    "pillars": [
        {"id": "skin-science", "description": "Ingredients and skin science: ceramides, hyaluronic acid, "
         "vitamin C, retinol, niacinamide, SPF, dermatologist research and clinical results.",
         "examples": ["Vitamin C is a powerful antioxidant that helps protect skin from environmental damage.",
                      "Developed with dermatologists, our moisturiser restores the skin barrier with three essential ceramides."]},
        {"id": "routines", "description": "Skincare routines and skin concerns: dry, oily, sensitive or "
         "acne-prone skin, cleansing, moisturising, sun protection, product recommendations.",
         "examples": ["Dry skin? Cleanse gently, moisturise while your skin is still damp and never skip sunscreen.",
                      "Which serum is right for your skin concern? Tell us your skin type and we will recommend a routine."]},
        {"id": "community", "description": "Our community and customers: thanking fans, sharing their "
         "results, answering their questions about our products.",
         "examples": ["We love seeing your glowing results, thank you for sharing your routine with us!",
                      "Thanks for reaching out! Please send us a DM with the product name and we will help."]},
    ],
    "off_strategy": [
        {"id": "politics", "description": "Elections, political parties, government and partisan opinions.",
         "examples": ["Vote for the candidate who will fix this country at the next election."]}],
}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--approved", type=int, default=100)
    ap.add_argument("--peers", type=int, default=100)
    ap.add_argument("--test-own", type=int, default=150)
    ap.add_argument("--test-other", type=int, default=300)
    ap.add_argument("--cache-dir", default=".voicelint_cache")
    ap.add_argument("--lumen", default=str(Path(__file__).resolve().parents[1] / "brand_profiles" / "maison-lumen.yaml"))
    ap.add_argument("--json", help="also write the results here")
    return ap.parse_args(argv)


def flags(sp, texts):
    out = {"VL401": [], "VL402": [], "VL403": [], "any": []}
    for a in sp.assess(texts):
        d = decide(sp, a)
        out["VL401"].append(d["off_strategy"])
        out["VL402"].append(d["declared_topic"])
        out["VL403"].append(d["generic"])
        out["any"].append(d["off_strategy"] or d["declared_topic"] or d["generic"])
    return {k: float(np.mean(v)) if v else float("nan") for k, v in out.items()}


def main(argv=None):
    args = parse_args(argv)
    rows = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    by: dict[str, list[str]] = {}
    for r in rows:
        by.setdefault(r["brand"], []).append(r["text"])
    rng = random.Random(args.seed)
    for texts in by.values():
        rng.shuffle(texts)
    emb = get_embedder(None, args.cache_dir)
    results = {"en": {}, "fr": {}}
    care = [t for b in CARE for t in by[b][:60]]
    rng.shuffle(care)
    care = care[: args.test_other]
    print(f"{'brand':14} {'n_appr':>6} {'FA401':>6} {'FA403':>6} {'FAany':>6} {'det401 care':>11} {'det403 peers':>12}  thresholds")
    for brand in SKINCARE:
        own = by[brand]
        n_appr = min(args.approved, len(own) - 20)
        approved, held = own[:n_appr], own[n_appr:n_appr + args.test_own]
        peers_train, peers_test = [], []
        for other in SKINCARE:
            if other != brand:
                k = args.peers // (len(SKINCARE) - 1)
                peers_train += by[other][:k]
                peers_test += by[other][k:k + 40]
        prof = profile_mod.from_dict({"name": brand, **SKINCARE_STRATEGY})
        sp = StrategySpace(prof, emb, "en", approved_extra=approved, competitors_extra=peers_train)
        sp.thresholds = sp.calibrate()
        fa = flags(sp, held)
        det_care = flags(sp, care)
        det_peer = flags(sp, peers_test)
        th = {k: round(v, 3) for k, v in sp.thresholds.values.items()}
        results["en"][brand] = {"approved": n_appr, "held_out": len(held), "fa": fa, "care": det_care,
                                "peers": det_peer, "thresholds": th}
        print(f"{brand:14} {n_appr:6d} {fa['VL401']:6.3f} {fa['VL403']:6.3f} {fa['any']:6.3f} "
              f"{det_care['VL401']:11.3f} {det_peer['VL403']:12.3f}  {th}")
    e = results["en"]
    mean = lambda key, sub: float(np.mean([e[b][sub][key] for b in e]))  # noqa: E731
    print(f"{'mean':14} {'':6} {mean('VL401', 'fa'):6.3f} {mean('VL403', 'fa'):6.3f} {mean('any', 'fa'):6.3f} "
          f"{mean('VL401', 'care'):11.3f} {mean('VL403', 'peers'):12.3f}")

    lumen = profile_mod.load(args.lumen)
    sp = StrategySpace(lumen, emb, "fr")
    sp.thresholds = sp.calibrate()
    pol = [t for b, texts in by.items() if b[0].isupper() and b not in CARE for t in texts[:80]]
    det = flags(sp, pol)
    results["fr"] = {"political_posts": len(pol), "detection": det,
                     "thresholds": {k: round(v, 3) for k, v in sp.thresholds.values.items()},
                     "leave_one_out": sp.thresholds.figures.get("leave_one_out")}
    print(f"\nfr: Maison Lumen vs {len(pol)} posts of the 2017 candidates: VL402 {det['VL402']:.3f}, "
          f"VL401 {det['VL401']:.3f}, any VL40x {det['any']:.3f}; thresholds {results['fr']['thresholds']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
