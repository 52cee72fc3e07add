"""Hashed n-gram features without scikit-learn (numpy + scipy.sparse only).

scikit-learn takes 1.5-2.5 s to import, more than a pre-commit hook may spend in total, and a
check only needs two small pieces of it: ``HashingVectorizer`` (char_wb / char / word n-grams
hashed with MurmurHash3) and ``TfidfTransformer``. This module computes **the same matrices**:
the same column for every n-gram (so a voice model learned with scikit-learn, which stores its
coefficients at hashed columns, scores identically) and the same values (bit for bit for the
count and l2-normalised matrices; the TF-IDF arithmetic is done in scikit-learn's order).

Speed comes from hashing every n-gram of a batch at once: the batch's text is encoded to UTF-8
once, each n-gram is a (byte start, byte length) span of that buffer, and MurmurHash3_x86_32 runs
in numpy over all spans, one 4-byte block at a time (spans sorted by block count, so each round
works on the spans that still have a block).

Reference (scikit-learn 1.x): ``feature_extraction/text.py`` (``_char_wb_ngrams``,
``_char_ngrams``, ``_word_ngrams``, ``TfidfTransformer``), ``feature_extraction/_hashing_fast.pyx``
(column ``abs(h) % n_features``, the value +1 per occurrence, its sign when ``alternate_sign``)
and ``utils/murmurhash.pyx`` (seed 0, signed 32-bit).
"""
from __future__ import annotations

import re

import numpy as np

__all__ = ["murmurhash3_32", "HashingVectorizer", "TfidfTransformer"]

_C1 = np.uint32(0xCC9E2D51)
_C2 = np.uint32(0x1B873593)
_N = np.uint32(0xE6546B64)
_F1 = np.uint32(0x85EBCA6B)
_F2 = np.uint32(0xC2B2AE35)
_FIVE = np.uint32(5)
_TAIL_MASK = np.array([0, 0xFF, 0xFFFF, 0xFFFFFF], dtype=np.uint32)
_WHITE_SPACES = re.compile(r"\s\s+")   # scikit-learn's _VectorizerMixin._white_spaces
CHUNK_CHARS = 100_000                      # characters hashed per batch (bounds the memory)


def _rotl(x, r: int):
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _words32(buf: np.ndarray) -> np.ndarray:
    """For every byte offset i of ``buf`` (and one past its end), the little-endian uint32 of
    bytes i..i+3, zero padded: the 4-byte blocks and tails of spans starting anywhere."""
    n = len(buf)
    b = np.zeros(n + 4, dtype=np.uint32)
    b[:n] = buf
    return (b[:n + 1] | (b[1:n + 2] << np.uint32(8)) | (b[2:n + 3] << np.uint32(16))
            | (b[3:n + 4] << np.uint32(24)))


def _murmur_spans(buf: np.ndarray, starts: np.ndarray, lengths: np.ndarray, seed: int = 0) -> np.ndarray:
    """Signed MurmurHash3_x86_32 of the byte spans ``buf[starts[i]:starts[i] + lengths[i]]``."""
    m = len(starts)
    if m == 0:
        return np.zeros(0, dtype=np.int32)
    starts = np.asarray(starts, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    words = _words32(np.asarray(buf, dtype=np.uint8))
    nblocks = lengths >> 2
    # Sort by decreasing block count: round j then works on a prefix (the spans that have a
    # j-th block), no masking, no wasted work. A stable sort of 16-bit ints is a radix sort.
    top = int(nblocks.max())
    order = np.argsort((top - nblocks).astype(np.uint16 if top < 2 ** 16 else np.int64), kind="stable")
    s, nb = starts[order], nblocks[order]
    h = np.full(m, np.uint32(seed & 0xFFFFFFFF), dtype=np.uint32)
    # active[j]: how many spans have a j-th block (nb > j), a prefix of the sorted spans
    active = np.searchsorted(-nb, -np.arange(top), side="left")
    with np.errstate(over="ignore"):
        for j in range(top):
            a = int(active[j])
            k = words[s[:a] + 4 * j]
            k *= _C1
            k = _rotl(k, 15)
            k *= _C2
            hh = h[:a] ^ k
            hh = _rotl(hh, 13)
            h[:a] = hh * _FIVE + _N
        # the 0-3 tail bytes; no tail gives k = 0, which leaves h unchanged, as the C switch does
        ln = lengths[order]
        k = words[s + 4 * nb] & _TAIL_MASK[ln & 3]
        k *= _C1
        k = _rotl(k, 15)
        k *= _C2
        h ^= k
        h ^= ln.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= _F1
        h ^= h >> np.uint32(13)
        h *= _F2
        h ^= h >> np.uint32(16)
    out = np.empty(m, dtype=np.uint32)
    out[order] = h
    return out.view(np.int32)


def _encode(text: str):
    """UTF-8 bytes of ``text`` and the byte offset of every code point (len(text) + 1 offsets)."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    nbytes = 1 + (cps >= 0x80).astype(np.int64) + (cps >= 0x800) + (cps >= 0x10000)
    offsets = np.zeros(len(cps) + 1, dtype=np.int64)
    np.cumsum(nbytes, out=offsets[1:])
    buf = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    return buf, offsets


def murmurhash3_32(keys, seed: int = 0) -> np.ndarray:
    """Signed 32-bit MurmurHash3 of the UTF-8 bytes of each string in ``keys`` (int32 array),
    as ``sklearn.utils.murmurhash3_32(key, seed)`` gives one at a time."""
    keys = list(keys)
    buf, offsets = _encode("".join(keys))
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    cp_start = np.zeros(len(keys), dtype=np.int64)
    if len(keys):
        np.cumsum(lens[:-1], out=cp_start[1:])
    b0 = offsets[cp_start]
    return _murmur_spans(buf, b0, offsets[cp_start + lens] - b0, seed)


def _windows(ustart, ulen, udoc, n: int):
    """Start (code points), doc of every length-``n`` window inside units at least ``n`` long."""
    sel = ulen >= n
    cnt = ulen[sel] - n + 1
    total = int(cnt.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    first = np.zeros(len(cnt), dtype=np.int64)
    np.cumsum(cnt[:-1], out=first[1:])
    within = np.arange(total, dtype=np.int64) - np.repeat(first, cnt)
    return np.repeat(ustart[sel], cnt) + within, np.repeat(udoc[sel], cnt)


class HashingVectorizer:
    """``sklearn.feature_extraction.text.HashingVectorizer`` for the settings voicelint uses.

    ``analyzer``: ``"char_wb"``, ``"char"`` or ``"word"`` (with ``token_pattern``);
    ``norm``: ``None`` or ``"l2"``; stop words, accent stripping, custom preprocessors and
    tokenizers are not supported. Input: a list of ``str``; output: a CSR matrix with sorted
    indices, as scikit-learn's.
    """

    def __init__(self, analyzer: str = "word", ngram_range=(1, 1), n_features: int = 2 ** 20,
                 alternate_sign: bool = True, norm: str | None = "l2", lowercase: bool = True,
                 token_pattern: str = r"(?u)\b\w\w+\b", dtype=np.float64):
        if analyzer not in ("char_wb", "char", "word"):
            raise ValueError(f"analyzer must be 'char_wb', 'char' or 'word', got {analyzer!r}")
        if norm not in (None, "l2"):
            raise ValueError(f"norm must be None or 'l2', got {norm!r}")
        lo, hi = (int(x) for x in ngram_range)
        if not 1 <= lo <= hi:
            raise ValueError(f"invalid ngram_range {ngram_range!r}")
        if not 1 <= int(n_features) <= 2 ** 31 - 1:
            raise ValueError(f"n_features must be in [1, 2**31 - 1], got {n_features!r}")
        self.analyzer, self.ngram_range, self.n_features = analyzer, (lo, hi), int(n_features)
        self.alternate_sign, self.norm, self.lowercase = bool(alternate_sign), norm, bool(lowercase)
        self.token_pattern, self.dtype = token_pattern, np.dtype(dtype)
        self._token_re = re.compile(token_pattern) if analyzer == "word" else None
        if self._token_re is not None and self._token_re.groups > 1:
            raise ValueError("token_pattern must have at most one capturing group")

    # ------------------------------------------------------------------ n-gram spans
    def _units(self, texts):
        """Flat string of the batch, and (start, length, doc) of each unit in code points.

        Units are padded words (char_wb), whole documents (char) or tokens (word)."""
        lower = self.lowercase
        pieces: list[str] = []
        counts = []
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"expected str documents, got {type(t).__name__}")
            if lower:
                t = t.lower()
            if self.analyzer == "char_wb":
                p = _WHITE_SPACES.sub(" ", t).split()
            elif self.analyzer == "char":
                p = [_WHITE_SPACES.sub(" ", t)]
            else:
                p = self._token_re.findall(t)
            pieces.extend(p)
            counts.append(len(p))
        lens = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        udoc = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        if self.analyzer == "char_wb":
            flat = (" " + "  ".join(pieces) + " ") if pieces else ""
            lens = lens + 2
            sep = 0
        elif self.analyzer == "char":
            flat, sep = "".join(pieces), 0
        else:
            flat, sep = " ".join(pieces), 1   # word n-grams are joined by one space
        ustart = np.zeros(len(pieces), dtype=np.int64)
        if len(pieces):
            np.cumsum(lens[:-1] + sep, out=ustart[1:])
        return flat, ustart, lens, udoc

    def _spans(self, texts):
        """(flat text, code-point start, code-point end, doc) of every n-gram of the batch."""
        flat, ustart, ulen, udoc = self._units(texts)
        lo, hi = self.ngram_range
        starts, ends, docs = [], [], []
        if self.analyzer in ("char_wb", "char"):
            for n in range(lo, hi + 1):
                s, d = _windows(ustart, ulen, udoc, n)
                starts.append(s)
                ends.append(s + n)
                docs.append(d)
            if self.analyzer == "char_wb":
                short = ulen < lo       # a padded word shorter than min_n counts once, whole
                starts.append(ustart[short])
                ends.append(ustart[short] + ulen[short])
                docs.append(udoc[short])
        else:
            m = len(ustart)
            for n in range(lo, hi + 1):
                if m < n:
                    break
                i = np.arange(m - n + 1, dtype=np.int64)
                last = i + n - 1
                ok = udoc[i] == udoc[last]
                i, last = i[ok], last[ok]
                starts.append(ustart[i])
                ends.append(ustart[last] + ulen[last])
                docs.append(udoc[i])
        cat = (lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64))
        return flat, cat(starts), cat(ends), cat(docs)

    def transform(self, texts):
        """CSR matrix (one row per text) of the hashed n-gram counts, l2-normalised if asked."""
        import scipy.sparse as sp

        if isinstance(texts, str):
            raise ValueError("expected a list of documents, got one string")
        texts = list(texts)
        # Batches of about CHUNK_CHARS characters keep the per-n-gram arrays small (~450 bytes
        # per character of text at the peak) whatever the number of posts.
        blocks, start, size = [], 0, 0
        for i, t in enumerate(texts):
            size += len(t) if isinstance(t, str) else 0
            if size >= CHUNK_CHARS or i == len(texts) - 1:
                blocks.append(self._counts(texts[start:i + 1]))
                start, size = i + 1, 0
        if not blocks:
            X = sp.csr_matrix((0, self.n_features), dtype=self.dtype)
        elif len(blocks) == 1:
            X = blocks[0]
        else:
            X = sp.vstack(blocks, format="csr", dtype=self.dtype)
        X.has_sorted_indices = True
        if self.norm == "l2":
            X = _l2_rows(X)
        return X

    def _counts(self, texts):
        import scipy.sparse as sp

        n_docs = len(texts)
        flat, cs, ce, docs = self._spans(texts)
        buf, offsets = _encode(flat)
        b0 = offsets[cs]
        h = _murmur_spans(buf, b0, offsets[ce] - b0)
        col = np.abs(h.astype(np.int64)) % self.n_features
        # One entry per distinct (document, column), summed; sorted as scikit-learn's
        # csr sum_duplicates leaves them (row-major, increasing column).
        key = docs * self.n_features + col
        if self.alternate_sign:
            uniq, inverse = np.unique(key, return_inverse=True)
            vals = np.bincount(inverse, weights=np.where(h >= 0, 1.0, -1.0), minlength=len(uniq))
        else:
            uniq, counts = np.unique(key, return_counts=True)
            vals = counts.astype(np.float64)
        rows = uniq // self.n_features
        cols = (uniq % self.n_features).astype(np.int32)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_docs), out=indptr[1:])
        data = vals.astype(self.dtype)           # counts: exact in float32 too
        X = sp.csr_matrix((data, cols, indptr), shape=(n_docs, self.n_features), dtype=self.dtype)
        X.has_sorted_indices = True
        return X

    def fit_transform(self, texts):
        return self.transform(texts)


def _l2_rows(X):
    """Rows of CSR ``X`` scaled to unit l2 norm in place, as ``sklearn.preprocessing.normalize``
    does it: each value squared in the matrix's dtype, the squares added in double in stored
    order (scipy's mat-vec with a vector of ones is that sequential sum), each value divided by
    the root in double and stored back in the dtype; empty rows left alone."""
    import scipy.sparse as sp

    squares = sp.csr_matrix(((X.data * X.data).astype(np.float64), X.indices, X.indptr), shape=X.shape)
    norms = np.sqrt(squares @ np.ones(X.shape[1]))
    norms[norms == 0.0] = 1.0
    X.data = (X.data.astype(np.float64) / np.repeat(norms, np.diff(X.indptr))).astype(X.dtype)
    return X


class TfidfTransformer:
    """``sklearn.feature_extraction.text.TfidfTransformer`` (``use_idf=True``, norm l2 or None):
    ``idf = ln((1 + n) / (1 + df)) + 1`` with ``smooth_idf``, ``tf = 1 + ln(count)`` with
    ``sublinear_tf``."""

    def __init__(self, norm: str | None = "l2", smooth_idf: bool = True, sublinear_tf: bool = False):
        if norm not in (None, "l2"):
            raise ValueError(f"norm must be None or 'l2', got {norm!r}")
        self.norm, self.smooth_idf, self.sublinear_tf = norm, bool(smooth_idf), bool(sublinear_tf)

    def fit(self, X):
        import scipy.sparse as sp

        X = sp.csr_matrix(X)
        dtype = X.dtype if X.dtype in (np.float64, np.float32) else np.dtype(np.float64)
        n_samples = X.shape[0]
        df = np.bincount(X.indices, minlength=X.shape[1]).astype(dtype, copy=False)
        df += float(self.smooth_idf)
        n_samples += int(self.smooth_idf)
        idf = np.full_like(df, fill_value=n_samples, dtype=dtype)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        self.idf_ = idf
        return self

    def transform(self, X):
        import scipy.sparse as sp

        if not hasattr(self, "idf_"):
            raise ValueError("TfidfTransformer is not fitted: call fit() first")
        X = sp.csr_matrix(X, copy=True)
        if X.dtype not in (np.float64, np.float32):
            X = X.astype(np.float64)
        if X.shape[1] != len(self.idf_):
            raise ValueError(f"X has {X.shape[1]} features, the transformer was fitted on {len(self.idf_)}")
        if self.sublinear_tf:
            np.log(X.data, X.data)
            X.data += 1.0
        X.data *= self.idf_[X.indices]
        if self.norm == "l2":
            X = _l2_rows(X)
        return X

    def fit_transform(self, X):
        return self.fit(X).transform(X)
