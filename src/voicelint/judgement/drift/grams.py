"""Character n-gram profiles of posts and their kernel, for drift's ``chars`` block
(:mod:`voicelint.judgement.drift.persona`): one table of the run's n-gram counts serves every test, so the kernel
of any pooled sample is computed with numpy.

numpy is imported lazily.
"""
from __future__ import annotations

from voicelint.shared.numbers import numpy as _np


# Character n-grams (2-4 characters within a word and its edges, case and typography kept: ’ and ',
# « and ", "!" and " !", #LeGrandDébat and #LeGrandDebat): spelling, signatures, typographic habits.
_GRAM_MIN, _GRAM_MAX = 2, 4
_MAX_GRAMS = 4096  # most frequent shared n-grams kept per test (the rest still counts in the norms)


def char_grams(text: str) -> dict[str, int]:
    """Counts of the character 2-4-grams of ``text``'s words, each word padded with one space."""
    counts: dict[str, int] = {}
    for tok in text.split():
        w = f" {tok} "
        for k in range(_GRAM_MIN, _GRAM_MAX + 1):
            for i in range(len(w) - k + 1):
                g = w[i:i + k]
                counts[g] = counts.get(g, 0) + 1
    return counts


class GramTable:
    """The character n-gram counts of many posts as flat arrays (compressed rows), built once per
    run so that the kernel of any subset of the posts (one test's pooled sample) is computed
    with numpy, not one Python step per n-gram and test."""

    def __init__(self, grams: list[dict[str, int]]):
        np = _np()
        vocab: dict[str, int] = {}
        cols: list[int] = []
        tfs: list[int] = []
        ends = []
        for c in grams:
            for g, tf in c.items():
                cols.append(vocab.setdefault(g, len(vocab)))
                tfs.append(tf)
            ends.append(len(cols))
        self.cols = np.array(cols, dtype=np.int64)
        self.logtf = 1.0 + np.log(np.array(tfs, dtype=np.float64))
        self.starts = np.array([0] + ends[:-1], dtype=np.int64)
        self.ends = np.array(ends, dtype=np.int64)
        names = list(vocab)
        self.rank = np.empty(len(names), dtype=np.int64)  # n-grams in string order (ties of df)
        self.rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))

    def kernel(self, rows):
        """Cosine similarities of sublinear tf-idf profiles of the posts ``rows`` (idf over these
        posts themselves, so the kernel is a symmetric function of the pooled sample and the
        permutation test stays exact). Only n-grams shared by two posts or more can make two
        posts alike; the ``_MAX_GRAMS`` most frequent of them are kept (ties in string order),
        the others still count in the norms."""
        np = _np()
        rows = np.asarray(list(rows), dtype=np.int64)
        N = len(rows)
        lens = self.ends[rows] - self.starts[rows]
        at = np.repeat(self.starts[rows] - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) \
            + np.arange(int(lens.sum()))
        cols, who = self.cols[at], np.repeat(np.arange(N), lens)
        df = np.bincount(cols, minlength=len(self.rank))
        w = self.logtf[at] * (np.log((1.0 + N) / (1.0 + df[cols])) + 1.0)
        norm = np.sqrt(np.bincount(who, weights=w * w, minlength=N))
        shared = np.flatnonzero(df >= 2)
        shared = shared[np.lexsort((self.rank[shared], -df[shared]))][:_MAX_GRAMS]
        col = np.full(len(self.rank), -1, dtype=np.int64)
        col[shared] = np.arange(len(shared))
        X = np.zeros((N, len(shared)), dtype=np.float64)
        kept = col[cols] >= 0
        X[who[kept], col[cols[kept]]] = w[kept] / norm[who[kept]]
        K = X @ X.T
        np.fill_diagonal(K, 1.0)
        return K


def gram_kernel(grams: list[dict[str, int]]):
    """:meth:`GramTable.kernel` of every post of ``grams``."""
    return GramTable(grams).kernel(range(len(grams)))
