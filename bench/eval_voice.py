"""Benchmark of the learned brand voice (voicelint.voice.VoiceModel).

For each brand of a group, learn its voice from ``--per-brand`` of its posts (fewer when it has
few, always keeping at least 20 unseen) plus ``--peers`` posts of the other brands of its group
(as competitors; the shipped generic background is added as usual), then score posts that were
never seen in training: the brand's own (false alarms = own posts flagged, i.e. scored below
the calibrated threshold) and its peers' (detection = peer posts flagged), plus the single-post
ROC AUC own-vs-peers.

    PYTHONPATH=src python bench/eval_voice.py --data ../shared/data/brand_posts_dev.jsonl \
        [--seed 0] [--per-brand 100] [--no-embeddings] [--params '{"C": 1.0}']

The embedding back end is the usual one (``$VOICELINT_EMBEDDING_BACKEND``: auto, numpy or torch;
both give the same vectors, each has its own namespace in the cache). The data file is read by
path only (see ../shared/data/README.md). Embeddings are cached in
``--cache-dir`` (default .voicelint_cache/), so reruns do not load the model.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from voicelint.voice import VoiceModel, _auc  # noqa: E402

GROUPS = {
    "care_en": ["AppleSupport", "SpotifyCares", "AirAsiaSupport", "McDonalds", "NikeSupport",
                "Walmart", "AskRBC"],
    "skincare_en": ["cerave", "esteelauder", "neutrogena", "skinceuticals", "dermalogica"],
    "fr": None,  # every French account; those with < MIN_TRAIN_POSTS posts are peers only
}
MIN_TRAIN_POSTS = 30
MIN_UNSEEN = 20
TARGETS = {"fa": 0.05, "det": 0.90, "auc": 0.95}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="brand_posts_dev.jsonl")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-brand", type=int, default=100, help="own posts to learn from")
    ap.add_argument("--peers", type=int, default=100, help="peer posts to learn from")
    ap.add_argument("--test-own", type=int, default=300, help="max unseen own posts scored")
    ap.add_argument("--test-per-peer", type=int, default=60,
                    help="max unseen posts scored per peer brand")
    ap.add_argument("--target-fa", type=float, default=0.03)
    ap.add_argument("--groups", default="care_en,skincare_en,fr")
    ap.add_argument("--no-embeddings", action="store_true", help="char n-grams + style only")
    ap.add_argument("--no-background", action="store_true")
    ap.add_argument("--params", default="{}", help="JSON overrides of voicelint.voice.DEFAULTS")
    ap.add_argument("--cache-dir", default=".voicelint_cache")
    ap.add_argument("--model", default=None, help="embedding model (default: all-MiniLM-L6-v2)")
    ap.add_argument("--per-brand-table", action="store_true", help="print one row per brand")
    ap.add_argument("--json", help="also write the results as JSON here")
    return ap.parse_args(argv)


def load(path):
    by_brand = defaultdict(list)
    lang_of = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                by_brand[row["brand"]].append(row["text"])
                lang_of[row["brand"]] = row["lang"]
    return by_brand, lang_of


def split_brand(brand, by_brand, peers, args):
    rng = random.Random(f"{args.seed}:{brand}")
    own = sorted(by_brand[brand])
    rng.shuffle(own)
    n_train = min(args.per_brand, len(own) - MIN_UNSEEN)
    train_own, test_own = own[:n_train], own[n_train:][: args.test_own]
    pool = []
    for p in peers:
        posts = sorted(by_brand[p])
        random.Random(f"{args.seed}:{brand}:{p}").shuffle(posts)
        pool.extend((p, t) for t in posts)
    rng.shuffle(pool)
    train_peer_items = pool[: args.peers]
    seen = {id(x) for x in train_peer_items}
    test_peers, per_peer = [], defaultdict(int)
    for item in pool[args.peers:]:
        if id(item) in seen or per_peer[item[0]] >= args.test_per_peer:
            continue
        per_peer[item[0]] += 1
        test_peers.append(item[1])
    # never score a text that was in training (duplicates across brands are possible)
    train_set = set(train_own) | {t for _, t in train_peer_items}
    test_own = [t for t in test_own if t not in train_set]
    test_peers = [t for t in test_peers if t not in train_set]
    return train_own, [t for _, t in train_peer_items], test_own, test_peers


def main(argv=None):
    args = parse_args(argv)
    params = json.loads(args.params)
    by_brand, lang_of = load(args.data)
    embedder = None
    if not args.no_embeddings:
        from voicelint.nlp.embeddings import get_embedder

        embedder = get_embedder(args.model, cache_dir=args.cache_dir)
    t0 = time.time()
    results = {}
    rows = []
    for group in args.groups.split(","):
        members = GROUPS[group]
        if members is None:
            members = sorted(b for b, lg in lang_of.items() if lg == group)
        members = [b for b in members if b in by_brand]
        lang = lang_of[members[0]]
        per = []
        for brand in members:
            if len(by_brand[brand]) < MIN_TRAIN_POSTS:
                continue
            peers = [b for b in members if b != brand]
            train_own, train_peers, test_own, test_peers = split_brand(brand, by_brand, peers, args)
            t = time.time()
            model = VoiceModel.learn(train_own, {"competitors": train_peers}, lang=lang,
                                     embedder=embedder, seed=args.seed, target_fa=args.target_fa,
                                     use_background=not args.no_background, params=params)
            s_own = model.score(test_own)
            s_peer = model.score(test_peers)
            r = {
                "group": group, "brand": brand, "n_train": len(train_own),
                "n_own": len(test_own), "n_peer": len(test_peers),
                "threshold": model.threshold,
                "fa": float(np.mean(s_own < model.threshold)),
                "det": float(np.mean(s_peer < model.threshold)),
                "auc": _auc(s_own, s_peer),
                "oof_fa": model.calibration.get("oof_fa"),
                "seconds": time.time() - t,
            }
            per.append(r)
            rows.append(r)
        results[group] = {
            "brands": len(per),
            "fa": float(np.mean([r["fa"] for r in per])),
            "det": float(np.mean([r["det"] for r in per])),
            "auc": float(np.mean([r["auc"] for r in per])),
            "min_auc": float(np.min([r["auc"] for r in per])),
        }
    elapsed = time.time() - t0

    feats = "NB-weighted char + word n-grams + style" + (
        "" if args.no_embeddings else f" + embeddings ({getattr(embedder, 'backend', '?')} back end)")
    print(f"voice match benchmark: seed {args.seed}, {args.per_brand} own + {args.peers} peer "
          f"posts per brand, target_fa {args.target_fa}, features: {feats}"
          + ("" if args.no_background else " (+ generic background)")
          + (f", params {params}" if params else ""))
    if args.per_brand_table:
        print()
        print(f"{'group':12s} {'brand':16s} {'train':>5s} {'own':>4s} {'peer':>4s} "
              f"{'thr':>6s} {'FA':>6s} {'det':>6s} {'AUC':>6s}")
        for r in rows:
            print(f"{r['group']:12s} {r['brand']:16s} {r['n_train']:5d} {r['n_own']:4d} "
                  f"{r['n_peer']:4d} {r['threshold']:6.3f} {r['fa']:6.1%} {r['det']:6.1%} "
                  f"{r['auc']:6.3f}")
    print()
    print(f"{'group':12s} {'brands':>6s} {'FA own':>8s} {'detect':>8s} {'AUC':>7s} "
          f"{'min AUC':>8s}  targets: FA<={TARGETS['fa']:.0%} det>={TARGETS['det']:.0%} "
          f"AUC>={TARGETS['auc']}")
    for group, g in results.items():
        ok = g["fa"] <= TARGETS["fa"] and g["det"] >= TARGETS["det"] and g["auc"] >= TARGETS["auc"]
        print(f"{group:12s} {g['brands']:6d} {g['fa']:8.1%} {g['det']:8.1%} {g['auc']:7.3f} "
              f"{g['min_auc']:8.3f}  {'ok' if ok else 'MISS'}")
    allr = rows
    print(f"{'overall':12s} {len(allr):6d} {np.mean([r['fa'] for r in allr]):8.1%} "
          f"{np.mean([r['det'] for r in allr]):8.1%} {np.mean([r['auc'] for r in allr]):7.3f} "
          f"{np.min([r['auc'] for r in allr]):8.3f}")
    print(f"\n{elapsed:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "groups": results,
                                               "brands": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
