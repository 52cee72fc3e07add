"""What taking scikit-learn out of the check path saves: voicelint.nlp.hashing vs sklearn.

    python bench/bench_hashing.py [--posts FILE] [--n 1000] [--repeat 5]

In one process, on the same posts, each timing the median of ``--repeat`` runs:

- ``hash``: the three hashers voicelint uses at check time (voice char_wb 2-5 l2 float32, voice
  word 1-2 l2 float32, strategy char_wb 3-5 counts), sklearn's HashingVectorizer vs ours;
- ``score``: ``VoiceModel.score`` on the posts (a model learned without embeddings on the
  shipped background), with sklearn's hashers patched in vs ours; the scores must be equal;
- ``similarity``: ``StrategySpace.similarity`` for the example profile, sklearn vs ours; the
  embedder is a cheap deterministic stand-in (the real one reads cached vectors: the same in
  both columns), so the figure is the lexical part; the similarities must be equal;

and, in fresh interpreters, the import time of what each path imports (median of ``--repeat``).

``--posts``: a JSONL of ``{"text": ...}`` or a text file with one post per line; without it the
posts are the shipped background posts of both languages, repeated.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
from sklearn.feature_extraction import text as sk_text  # noqa: E402

from voicelint.inputs import profile as profile_mod  # noqa: E402
from voicelint.judgement.strategy import space as strategy  # noqa: E402
from voicelint.judgement.voice import model as voice
from voicelint.nlp import hashing  # noqa: E402


class StandIn:
    """A deterministic 384-d 'embedder' (hash-seeded unit vectors): costs next to nothing."""

    model_id = "stand-in"

    def encode(self, texts):
        out = np.empty((len(texts), 384), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(384)
            out[i] = v / np.linalg.norm(v)
        return out


def load_posts(path: str | None, n: int) -> list[str]:
    if path:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        posts = [json.loads(x)["text"] if x.lstrip().startswith("{") else x for x in lines if x.strip()]
    else:
        posts = voice.load_background("en") + voice.load_background("fr")
    return (posts * (n // max(1, len(posts)) + 1))[:n]


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def sk_twin(h):
    kw = dict(analyzer=h.analyzer, ngram_range=h.ngram_range, n_features=h.n_features,
              alternate_sign=h.alternate_sign, norm=h.norm, lowercase=h.lowercase, dtype=h.dtype.type)
    if h.analyzer == "word":
        kw["token_pattern"] = h.token_pattern
    return sk_text.HashingVectorizer(**kw)


class SklearnHashing:
    """Patch sklearn's classes in where voice.py / strategy.py look them up."""

    def __enter__(self):
        self.saved = (hashing.HashingVectorizer, hashing.TfidfTransformer)
        hashing.HashingVectorizer = lambda **kw: sk_text.HashingVectorizer(**kw)
        hashing.TfidfTransformer = sk_text.TfidfTransformer
        return self

    def __exit__(self, *exc):
        hashing.HashingVectorizer, hashing.TfidfTransformer = self.saved


def import_time(stmt: str, repeat: int, before: str = "import numpy, scipy.sparse") -> float:
    """Median time of ``stmt`` in fresh interpreters, after ``before`` (not timed)."""
    code = f"import time; {before}; t0 = time.perf_counter(); {stmt}; print(time.perf_counter() - t0)"
    return statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(repeat))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    posts = load_posts(args.posts, args.n)
    rows = []

    clean = [voice._char_text(t) for t in posts]
    lex = [strategy._lexical_text(t, "en") for t in posts]
    for name, make, docs in (("hash voice char_wb 2-5", voice._hasher, clean),
                             ("hash voice word 1-2", voice._word_hasher, clean),
                             ("hash strategy char_wb 3-5", lambda: strategy.StrategySpace._hasher(None), lex)):
        ours = make()
        t_sk, a = median_time(lambda: sk_twin(ours).transform(docs), args.repeat)
        t_np, b = median_time(lambda: ours.transform(docs), args.repeat)
        a = a.tocsr()
        a.sort_indices()
        same = (np.array_equal(a.indices, b.indices) and np.array_equal(a.indptr, b.indptr)
                and np.array_equal(a.data, b.data))
        rows.append((name, t_sk, t_np, "identical" if same else "DIFFERENT"))

    model = voice.VoiceModel.learn(voice.load_background("en")[:60], {"competitors": voice.load_background("fr")[:60]},
                                   lang="en")
    with SklearnHashing():
        t_sk, s_sk = median_time(lambda: model.score(posts), args.repeat)
    t_np, s_np = median_time(lambda: model.score(posts), args.repeat)
    rows.append(("VoiceModel.score", t_sk, t_np, "identical" if np.array_equal(s_sk, s_np) else
                 f"max diff {np.abs(s_sk - s_np).max():.3g}"))

    prof = profile_mod.load(ROOT / "brand_profiles" / "tandem-cycles.yaml")
    with SklearnHashing():
        space_sk = strategy.StrategySpace(prof, StandIn(), "en")
        t_sk, m_sk = median_time(lambda: space_sk.similarity(posts), args.repeat)
    space_np = strategy.StrategySpace(prof, StandIn(), "en")
    t_np, m_np = median_time(lambda: space_np.similarity(posts), args.repeat)
    rows.append((f"StrategySpace.similarity ({len(space_np.refs)} refs)", t_sk, t_np,
                 "identical" if np.array_equal(m_sk, m_np) else f"max diff {np.abs(m_sk - m_np).max():.3g}"))

    base = import_time("import numpy, scipy.sparse", args.repeat, before="pass")
    sk = import_time("import sklearn.feature_extraction.text, sklearn.linear_model, sklearn.model_selection",
                     args.repeat)
    ours = import_time("import voicelint.nlp.hashing", args.repeat)

    print(f"{len(posts)} posts, median of {args.repeat}")
    print(f"{'':44} {'sklearn':>9} {'numpy':>9} {'ratio':>6}  result")
    for name, a, b, same in rows:
        print(f"{name:44} {a * 1000:7.0f}ms {b * 1000:7.0f}ms {a / b:5.1f}x  {same}")
    print(f"{'import (after numpy + scipy.sparse)':44} {sk * 1000:7.0f}ms {ours * 1000:7.0f}ms"
          f"        numpy + scipy.sparse alone: {base * 1000:.0f}ms")
    return 0 if all(r[3] == "identical" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
