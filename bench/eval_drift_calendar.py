"""``bench/eval_drift.py --setup calendar``: drift on the set-up of issue 13 (learned profiles,
calendars of 20 of the brand's posts on X plus n posts on Instagram by a same-sector peer or by
the brand itself). See eval_drift.py's docstring."""
from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

from voicelint import api
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod

X_POSTS = 20
TARGETS = {5: 0.60, 10: 0.95, 20: 0.99}
FA_TARGET = 0.02


def _as_read(texts: list[str]) -> list[str]:
    """The posts as ``profile learn`` reads them from a calendar (URLs blanked, as in drafts);
    a post that is nothing but a URL is dropped, as it does."""
    out = []
    for t in texts:
        masked = documents.mask_markdown(t, 0, markdown=False).strip()
        if masked:
            out.append(masked)
    return out


def _learn(train, competitors, lang, embedder, seed, folder: Path, brand: str, raw: bool = False) -> profile_mod.Profile:
    from voicelint.judgement.voice.model import VoiceModel
    if not raw:  # as profile learn does; --raw-learn learns from the raw texts (before issue 13's round 2)
        train, competitors = _as_read(train), _as_read(competitors)
    model = VoiceModel.learn(train, {"competitors": competitors}, lang=lang, embedder=embedder, seed=seed)
    path = folder / f"{brand}.voice.json"
    model.save(path)
    data = {"name": brand, "id": brand, "language": lang, "learned": {"voice_model": path.name}}
    return profile_mod.from_dict(data, path=str(folder / f"{brand}.yaml"))


#: What each variant of --compare changes (issue 13, one change at a time).
VARIANTS = {
    "before": {"combine": "max", "refine": False, "voice": False, "intersect": False},  # before issue 13
    "rank": {"combine": "rank", "refine": True, "voice": False, "intersect": False},   # + rank combination, refined p
    "round2": {"combine": "rank", "refine": True, "voice": True, "intersect": False},  # + the learned-voice block
    "after": {"combine": "rank", "refine": True, "voice": True, "intersect": True},    # + apart from both (round 3)
}


def _judge(prof, x_texts, ig_texts, lang, semantic, cache_dir, name, blocks, variant):
    from voicelint.judgement.drift import judge as drift_judge, persona
    v = VARIANTS[variant]
    persona.BLOCKS = tuple(b for b in blocks if v["voice"] or b != "voice")
    drift_judge.COMBINE = v["combine"]
    drift_judge.REFINE_BELOW = 0.05 if v["refine"] else -1.0
    drift_judge.INTERSECT = v["intersect"]
    posts = [documents.parse_string(t, name=f"{name}#x{i}", meta={"platform": "twitter", "lang": lang},
                                    markdown=False) for i, t in enumerate(x_texts)]
    posts += [documents.parse_string(t, name=f"{name}#ig{i}", meta={"platform": "instagram", "lang": lang},
                                     markdown=False) for i, t in enumerate(ig_texts)]
    # no results cache: it would give the second variant the first one's findings (embeddings
    # are still cached in cache_dir)
    res = api.run(posts, api.Options(profile=prof, select=["VL501"], semantic=semantic, cache_dir=cache_dir,
                                     cache=False))
    return [f for f in res.findings if f.code == "VL501"]


def _why(f) -> dict:
    """What a finding rests on: which group, against what, its p-values and block statistics."""
    e = f.evidence
    return {k: e.get(k) for k in ("group", "n", "versus", "p_value", "p_brand", "p_others", "blocks")}


def run_calendars(args, loaded, groups_def):
    from voicelint.judgement.drift import persona
    by_brand, lang_of = loaded
    sizes = [int(x) for x in args.sizes.split(",")]
    all_blocks = persona.BLOCKS if not args.blocks else tuple(args.blocks.split(","))
    variants = {"after": all_blocks}
    if args.compare:
        variants = {k: all_blocks for k in args.variants.split(",")}
    embedder = None
    if not args.no_semantic:
        from voicelint.nlp.embeddings import get_embedder
        embedder = get_embedder(None, args.cache_dir)
    rows = []
    t0 = time.time()
    folder = Path(tempfile.mkdtemp(prefix="eval-drift-"))
    for g in args.groups.split(","):
        members = groups_def[g] or sorted(b for b, lg in lang_of.items() if lg == "fr")
        members = [b for b in members if b in by_brand]
        only = set(args.brands.split(",")) if args.brands else None
        for brand in members:
            if only is not None and brand not in only:
                continue
            own = sorted(set(by_brand[brand]))
            rng = random.Random(f"{args.seed}:{brand}:calendar")
            rng.shuffle(own)
            keep = X_POSTS + max(sizes)
            n_train = min(args.train, len(own) - keep)
            peers = [b for b in members if b != brand and len(set(by_brand[b])) >= max(sizes) + 10]
            if n_train < args.min_train or not peers:
                continue
            train, pool = own[:n_train], own[n_train:]
            lang = lang_of[brand]
            peer_posts = {b: sorted(set(by_brand[b])) for b in peers}
            for b in peers:
                rng.shuffle(peer_posts[b])
            # the competitors of the learned profile: 200 posts of the peers, none used in a calendar
            comp_pool = [t for b in peers for t in peer_posts[b][max(sizes):]]
            competitors = rng.sample(comp_pool, min(args.train, len(comp_pool)))
            prof = _learn(train, competitors, lang, embedder, args.seed, folder, brand, args.raw_learn)
            for n in sizes:
                for kind in ("own", "peer"):
                    for s in range(args.calendars):
                        r = random.Random(f"{args.seed}:{brand}:{n}:{kind}:{s}")
                        picked = r.sample(pool, min(len(pool), X_POSTS + n))
                        x = picked[:X_POSTS]
                        if kind == "own":
                            ig, src = picked[X_POSTS:X_POSTS + n], brand
                        else:
                            src = peers[s % len(peers)]
                            ig = r.sample(peer_posts[src][:max(sizes)], n)
                        row = {"group": g, "lang": lang, "brand": brand, "n": n, "kind": kind, "set": s,
                               "source": src, "n_train": n_train}
                        for v, blocks in variants.items():
                            found = _judge(prof, x, ig, lang, embedder is not None, args.cache_dir,
                                           f"{brand}-{n}-{kind}-{s}", blocks, v)
                            groups = {f.evidence["group"] for f in found}
                            row[v] = bool(found) if kind == "own" else ("instagram" in groups)
                            if kind == "own" and found:  # a false alarm: say what it rests on
                                row.setdefault("why", {})[v] = [_why(f) for f in found]
                        rows.append(row)
            print(f"{g}/{brand}: done ({time.time() - t0:.0f}s)", file=sys.stderr)
            if args.json:  # what is measured so far survives an interrupted run
                Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    persona.BLOCKS = all_blocks
    _print(rows, sizes, list(variants), args)


def _rate(rows, v):
    return sum(r[v] for r in rows) / len(rows) if rows else float("nan")


def _print(rows, sizes, variants, args):
    mode = "style only (--no-semantic)" if args.no_semantic else "style + embeddings"
    print(f"\nVL501 on calendars: {X_POSTS} own posts on X + n on Instagram; learned profile from <= "
          f"{args.train} own + {args.train} peer posts; {mode}; seed {args.seed}; "
          f"{args.calendars} calendars per brand, n and kind")
    print("targets: Instagram by a peer detected >= 60% (n=5), 95% (10), 99% (20); "
          f"false alarms on own calendars <= {FA_TARGET:.0%}\n")
    groups = sorted({r["group"] for r in rows})
    head = f"{'':<8}{'n':>4}" + "".join(f"{g + ' (' + str(len({r['brand'] for r in rows if r['group'] == g})) + ')':>20}"
                                       for g in groups) + f"{'ALL':>12}"
    for v in variants:
        print(f"{v}:")
        print(head)
        for kind, label in (("peer", "det"), ("own", "FA")):
            for n in sizes:
                line = f"{label:<8}{n:>4}"
                for g in groups:
                    sub = [r for r in rows if r["group"] == g and r["n"] == n and r["kind"] == kind]
                    line += f"{format(_rate(sub, v), '.1%') + f' ({len(sub)})':>20}"
                sub = [r for r in rows if r["n"] == n and r["kind"] == kind]
                line += f"{format(_rate(sub, v), '.1%'):>12}"
                print(line)
        own = [r for r in rows if r["kind"] == "own"]
        print(f"{'FA all':<12}{format(_rate(own, v), '.1%') + f' ({len(own)})':>20}\n")
    for r in rows:
        for v, why in sorted(r.get("why", {}).items()):
            for w in why:
                print(f"false alarm ({v}): {r['brand']} n={r['n']} set {r['set']}: {w}")
    if args.per_brand:
        for b in sorted({r["brand"] for r in rows}):
            sub = [r for r in rows if r["brand"] == b]
            print(f"{b:<16} train {sub[0]['n_train']:>3}" + "".join(
                f"  {v} det5 {_rate([r for r in sub if r['kind'] == 'peer' and r['n'] == 5], v):.0%}"
                f" FA {_rate([r for r in sub if r['kind'] == 'own'], v):.0%}" for v in variants))
