"""Benchmark of persona drift detection over sets of posts (VL501, voicelint.checks.drift).

For each brand with enough posts, the approved voice is learned from ``--train`` of its posts
(fewer for small brands, always keeping at least ``--min-pool`` unseen ones), then sets of
``--size`` posts are judged, one set per run, as one platform's posts, through the real check
(``voicelint.api.run(..., select=["VL501"])``):

- **own**: the brand's own unseen posts (a finding is a false alarm);
- **peer**: posts of another brand of its group (English care, English skincare, French
  candidates; see ../shared/data/README.md), from accounts with at least ``--size`` posts
  (a finding is a detection);
- **rewrite-light / rewrite**: the brand's own unseen posts rewritten by a rule-based register
  transform (English: contractions, "hey", "thx", "pls"; French: tu instead of vous, "ne" of the
  negation dropped, "ça", "y a"), and for ``rewrite`` also a final "!" and an emoji per post.
  Only posts the transform changed are used when there are enough; the share changed is printed.

    PYTHONPATH=src python bench/eval_drift.py --data ../shared/data/brand_posts_dev.jsonl \
        [--sets 30] [--size 20] [--train 100] [--seed 0] [--no-semantic] [--json out.json]

``--setup calendar`` measures the set-up of issue 13 instead: each brand gets a *learned*
profile (a voice model learned from ``--train`` of its posts, 200 by default, against 200 posts of
its peers, as ``profile learn --competitors`` does), and each calendar has 20 unseen posts of the
brand on X plus ``n`` posts on Instagram (``--sizes 5,10,20``) written by one same-sector peer
(**peer**: a VL501 finding on Instagram is a detection) or by the brand itself (**own**: any
VL501 finding is a false alarm). ``--compare`` judges every calendar once per ``--variants``: as
before issue 13 ("before"), with the rank combination and refined p-values ("rank"), with the
learned-voice block too ("round2"), and flagging a group only when apart from the approved voice
and from the other groups ("after", round 3).

Embeddings are cached in ``--cache-dir`` (default .voicelint_cache/). The data file is read by
path only.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from voicelint import api
from voicelint.shared.textpatterns import reply_body
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod

GROUPS = {
    "care_en": ["AppleSupport", "SpotifyCares", "AirAsiaSupport", "McDonalds", "NikeSupport",
                "Walmart", "AskRBC"],
    "skincare_en": ["cerave", "esteelauder", "neutrogena", "skinceuticals", "dermalogica"],
    "fr": None,  # every French account
}
TARGETS = {"det": 0.99, "fa": 0.02}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="brand_posts_dev.jsonl")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sets", type=int, default=30, help="sets per brand and kind")
    ap.add_argument("--size", type=int, default=20, help="posts per set")
    ap.add_argument("--train", type=int, default=None, help="approved posts (most) [100; 200 with --setup calendar]")
    ap.add_argument("--min-train", type=int, default=40, help="brands with fewer are peers only")
    ap.add_argument("--min-pool", type=int, default=30, help="unseen own posts kept (least)")
    ap.add_argument("--groups", default="care_en,skincare_en,fr")
    ap.add_argument("--kinds", default="own,peer,rewrite-light,rewrite",
                    help="own, own-drafted (own posts as drafted replies: no leading @handles), peer, rewrite-light, rewrite")
    ap.add_argument("--no-semantic", action="store_true", help="style features only")
    ap.add_argument("--cache-dir", default=".voicelint_cache")
    ap.add_argument("--json", help="also write the results as JSON here")
    ap.add_argument("--per-brand", action="store_true", help="print one row per brand")
    ap.add_argument("--blocks", help="blocks of the test statistic, comma-separated (default: "
                    "voicelint.judgement.drift.persona.BLOCKS), to measure what each brings")
    ap.add_argument("--setup", choices=("sets", "calendar"), default="sets")
    ap.add_argument("--sizes", default="5,10,20", help="--setup calendar: Instagram posts per calendar")
    ap.add_argument("--calendars", type=int, default=6, help="--setup calendar: calendars per brand, size and kind")
    ap.add_argument("--compare", action="store_true", help="--setup calendar: also judge as before issue 13, one change at a time")
    ap.add_argument("--brands", help="--setup calendar: judge these brands only (comma-separated; "
                    "their peers stay the whole group)")
    ap.add_argument("--raw-learn", action="store_true",
                    help="--setup calendar: learn the voice model from the raw texts, URLs and all, "
                    "not as profile learn reads them (as the bench did before issue 13's round 2)")
    ap.add_argument("--variants", default="before,after",
                    help="--setup calendar --compare: before, rank, round2, after (see eval_drift_calendar.VARIANTS)")
    return ap.parse_args(argv)


def load(path):
    by_brand, lang_of = defaultdict(list), {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                by_brand[row["brand"]].append(row["text"])
                lang_of[row["brand"]] = row["lang"]
    return by_brand, lang_of


# ---------------------------------------------------------------------------- rewrites

_EN_CONTRACT = [
    (r"\bwe are\b", "we're"), (r"\byou are\b", "you're"), (r"\bI am\b", "I'm"), (r"\bit is\b", "it's"),
    (r"\bthat is\b", "that's"), (r"\bdo not\b", "don't"), (r"\bdoes not\b", "doesn't"),
    (r"\bdid not\b", "didn't"), (r"\bcannot\b", "can't"), (r"\bcan not\b", "can't"),
    (r"\bwill not\b", "won't"), (r"\bwe will\b", "we'll"), (r"\byou will\b", "you'll"),
    (r"\bwe have\b", "we've"), (r"\byou have\b", "you've"), (r"\bis not\b", "isn't"),
    (r"\bare not\b", "aren't"), (r"\bhave not\b", "haven't"), (r"\blet us\b", "let's"),
    (r"\bwe would\b", "we'd"), (r"\bI will\b", "I'll"), (r"\bI have\b", "I've"),
    (r"\bthank you\b", "thx"), (r"\bthanks\b", "thx"), (r"\bplease\b", "pls"),
    (r"\b(?:hello|hi|dear)\b", "hey"), (r"\bgoing to\b", "gonna"), (r"\bwant to\b", "wanna"),
    (r"\byes\b", "yep"), (r"\bokay\b", "ok"),
]
# object pronouns that may sit between "vous" and its verb ("vous nous avez", "vous le proposez")
_CL = r"((?:(?:nous|me|le|la|les|leur|lui|en|y) |l['’]))?"
_FR_RULES = [
    (rf"\bvous {_CL}êtes\b", r"tu \1es"), (rf"\bvous {_CL}avez\b", r"tu \1as"),
    (rf"\bvous {_CL}allez\b", r"tu \1vas"), (rf"\bvous {_CL}pouvez\b", r"tu \1peux"),
    (rf"\bvous {_CL}voulez\b", r"tu \1veux"), (rf"\bvous {_CL}devez\b", r"tu \1dois"),
    (rf"\bvous {_CL}faites\b", r"tu \1fais"), (rf"\bvous {_CL}savez\b", r"tu \1sais"),
    (rf"\bvous {_CL}dites\b", r"tu \1dis"),
    (rf"\bvous {_CL}(\w+)erez\b", r"tu \1\2eras"), (rf"\bvous {_CL}(\w+)rez\b", r"tu \1\2ras"),
    (rf"\bvous {_CL}(\w+)ez\b", r"tu \1\2es"),
    (r"\b(pour|avec|chez|sans|à|de|par|contre|entre|vers|sur) vous\b", r"\1 toi"),
    (r"\bvous\b", "te"), (r"\bte (?=[aeiouyhéèêàâîôû])", "t'"), (r"\bvotre\b", "ton"), (r"\bvos\b", "tes"),
    (r"\bcela\b", "ça"), (r"\bil n['’]y a\b", "y a"), (r"\bil y a\b", "y a"), (r"\bil faut\b", "faut"),
    # negation without "ne": "je ne veux pas" -> "je veux pas", "je n'ai pas" -> "j'ai pas",
    # "ce n'est pas" -> "c'est pas", "il n'est pas" -> "il est pas"
    (r"\bne (?=\w+ (?:pas|plus|jamais|rien|personne)\b)", ""),
    (r"\b(j|c|m|t|s|l|qu)e n['’](?=\w+ (?:pas|plus|jamais|rien|personne)\b)", r"\1'"),
    (r"\bn['’](?=\w+ (?:pas|plus|jamais|rien|personne)\b)", ""),
]
_EMOJI = ["😍", "🔥", "😂", "🙌", "💯", "😎"]


def _sub_keep_case(pattern, repl, text):
    def one(m):
        out = m.expand(repl)
        return out[:1].upper() + out[1:] if m.group(0)[:1].isupper() else out
    return re.sub(pattern, one, text, flags=re.IGNORECASE)


def rewrite(text: str, lang: str, full: bool, rng: random.Random) -> str:
    out = text
    for pat, repl in (_FR_RULES if lang == "fr" else _EN_CONTRACT):
        out = _sub_keep_case(pat, repl, out)
    if full:  # "!" and an emoji at the end of the sentence, before a trailing link
        m = re.search(r"(?:\s*(?:https?://|www\.)\S+)+\s*$", out)
        body, links = (out[:m.start()], out[m.start():]) if m else (out, "")
        out = re.sub(r"[.…]*\s*$", "", body.rstrip()) + " !" * (lang == "fr") + "!" * (lang == "en") \
            + " " + rng.choice(_EMOJI) + links
    return out


# ---------------------------------------------------------------------------- judging

def judge(texts, approved, lang, semantic, cache_dir, name):
    prof = profile_mod.from_dict({"name": "Brand", "id": "brand", "language": lang,
                                  "voice": {"examples": approved}})
    posts = [documents.parse_string(t, name=f"{name}#{i}", meta={"platform": "twitter", "lang": lang},
                                    markdown=False) for i, t in enumerate(texts)]
    res = api.run(posts, api.Options(profile=prof, select=["VL501"], semantic=semantic,
                                     cache_dir=cache_dir))
    return [f for f in res.findings if f.code == "VL501"]


def main(argv=None):
    args = parse_args(argv)
    if args.train is None:
        args.train = 200 if args.setup == "calendar" else 100
    if args.setup == "calendar":
        from eval_drift_calendar import run_calendars
        return run_calendars(args, load(args.data), GROUPS)
    if args.blocks:
        from voicelint.judgement.drift import persona
        persona.BLOCKS = tuple(args.blocks.split(","))
    by_brand, lang_of = load(args.data)
    kinds = args.kinds.split(",")
    groups = {}
    for g in args.groups.split(","):
        members = GROUPS[g] or sorted(b for b, lg in lang_of.items() if lg == "fr")
        groups[g] = [b for b in members if b in by_brand]
    if not args.no_semantic:  # fill the embedding cache in one batch
        from voicelint.nlp.embeddings import get_embedder
        t0 = time.time()
        from voicelint.judgement.brand import measured as prose_of
        from voicelint.judgement.drift.persona import post_text
        every = sorted({t for g in groups.values() for b in g for t in by_brand[b]})
        # the forms the check embeds: drafts and approved posts with URLs blanked
        forms = {post_text(documents.parse_string(t, name="x", markdown=False)) for t in every}
        forms |= {prose_of(t) for t in every}
        get_embedder(None, args.cache_dir).encode(sorted(f for f in forms if f))
        print(f"embeddings of {len(forms)} posts ready in {time.time() - t0:.0f}s", file=sys.stderr)

    rows = []
    t_start = time.time()
    for g, brands in groups.items():
        for brand in brands:
            own = sorted(set(by_brand[brand]))
            rng = random.Random(f"{args.seed}:{brand}")
            rng.shuffle(own)
            n_train = min(args.train, len(own) - args.min_pool)
            if n_train < args.min_train:
                continue
            train, pool = own[:n_train], own[n_train:]
            lang = lang_of[brand]
            # a peer set is a full set: accounts with fewer posts than a set are left out
            peers = [b for b in brands if b != brand and len(set(by_brand[b])) >= args.size]
            for kind in kinds:
                changed_share = []
                for s in range(args.sets):
                    r = random.Random(f"{args.seed}:{brand}:{kind}:{s}")
                    if kind in ("own", "own-drafted"):
                        if len(pool) >= args.size * args.sets:
                            texts = pool[s * args.size:(s + 1) * args.size]
                        else:
                            texts = r.sample(pool, args.size)
                        if kind == "own-drafted":   # replies as drafted: the platform adds the handles
                            texts = [reply_body(t) or t for t in texts]
                        src = brand
                    elif kind == "peer":
                        src = peers[s % len(peers)] if peers else None
                        if src is None:
                            break
                        ptexts = sorted(set(by_brand[src]))
                        texts = r.sample(ptexts, min(args.size, len(ptexts)))
                    else:
                        full = kind == "rewrite"
                        cands = [(t, rewrite(t, lang, full, r)) for t in pool]
                        changed = [nt for t, nt in cands if nt != t]
                        unchanged = [nt for t, nt in cands if nt == t]
                        r.shuffle(changed)
                        r.shuffle(unchanged)
                        texts = (changed + unchanged)[: args.size]
                        changed_share.append(min(len(changed), args.size) / args.size)
                        src = brand
                    found = judge(texts, train, lang, not args.no_semantic, args.cache_dir,
                                  f"{brand}-{kind}-{s}")
                    rows.append({"group": g, "lang": lang, "brand": brand, "kind": kind, "set": s,
                                 "source": src, "flagged": bool(found), "n_train": n_train,
                                 "p": found[0].evidence["p_value"] if found else None})
                if changed_share:
                    print(f"  {brand} {kind}: {sum(changed_share) / len(changed_share):.0%} of posts "
                          f"changed by the rewrite", file=sys.stderr)
            print(f"{g}/{brand}: done ({time.time() - t_start:.0f}s)", file=sys.stderr)

    print_table(rows, kinds, args)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")


def _rate(rows):
    return (sum(r["flagged"] for r in rows) / len(rows)) if rows else float("nan")


def print_table(rows, kinds, args):
    mode = "style only (--no-semantic)" if args.no_semantic else "style + embeddings"
    if args.blocks:
        mode += f"; blocks {args.blocks}"
    print(f"\nVL501, sets of {args.size} posts vs <= {args.train} approved posts; {mode}; seed {args.seed}")
    print(f"targets: detection >= {TARGETS['det']:.0%} on peer sets, false alarms <= {TARGETS['fa']:.0%} on own sets\n")
    head = f"{'group':<13}{'brands':>7}" + "".join(f"{k + ' (n)':>22}" for k in kinds)
    print(head)
    print("-" * len(head))
    keys = sorted({(r["group"], r["lang"]) for r in rows})
    for g, lang in keys + [("ALL", None)]:
        sub = [r for r in rows if (g == "ALL" or r["group"] == g)]
        brands = len({r["brand"] for r in sub})
        line = f"{g:<13}{brands:>7}"
        for k in kinds:
            kr = [r for r in sub if r["kind"] == k]
            label = "FA" if k.startswith("own") else "det"
            line += f"{label + ' ' + format(_rate(kr), '.1%') + f' ({len(kr)})':>22}"
        print(line)
    for lang in ("en", "fr"):
        sub = [r for r in rows if r["lang"] == lang]
        if sub:
            print(f"{'lang ' + lang:<13}{len({r['brand'] for r in sub}):>7}" + "".join(
                f"{('FA ' if k.startswith('own') else 'det ') + format(_rate([r for r in sub if r['kind'] == k]), '.1%'):>22}"
                for k in kinds))
    if args.per_brand:
        print()
        for b in sorted({r["brand"] for r in rows}):
            sub = [r for r in rows if r["brand"] == b]
            print(f"{b:<16} train {sub[0]['n_train']:>3}" + "".join(
                f"  {k} {_rate([r for r in sub if r['kind'] == k]):.0%}" for k in kinds))


if __name__ == "__main__":
    main()
