"""What the learned voice (:mod:`voicelint.judgement.voice.model`) sees of a post: the hashed character and
word n-grams of its surface text, their naive-Bayes log-count ratios, the shipped generic
background, and the lazy imports of numpy and scikit-learn."""
from __future__ import annotations

import html
import math
import re
import unicodedata

from voicelint.shared.errors import ModelError
from voicelint.nlp import style
from voicelint.shared.paths import DATA_DIR
from voicelint.shared.numbers import numpy as _np
from voicelint.shared.textpatterns import LEADING_HANDLES_RE, URL_HOST_RE, URL_TOKEN_RE
from voicelint.shared.textpatterns import whitespace_key


#: Hashing of character n-grams (part of the model: changing it invalidates saved models).
CHAR_NGRAMS = {"analyzer": "char_wb", "ngram_range": (2, 5), "n_features": 2 ** 18}
#: Hashing of word uni- and bigrams (punctuation marks and emoji are tokens too).
WORD_NGRAMS = {"ngram_range": (1, 2), "n_features": 2 ** 18}
_HASHED = CHAR_NGRAMS["n_features"] + WORD_NGRAMS["n_features"]
#: Tokens of the word n-grams of the linear model: hashtags and handles whole, words, and every
#: other visible character (punctuation, emoji) on its own.
WORD_TOKENS = r"(?u)[#@]?\w+|[^\w\s]"
_MENTION_RE = re.compile(r"(?<![\w@])@\w+")
#: Link shorteners: their domain says nothing about who posted.
_SHORTENERS = frozenset({"t.co", "bit.ly", "ow.ly", "buff.ly", "goo.gl", "tinyurl.com", "lnkd.in",
                         "fb.me", "dlvr.it", "ift.tt", "trib.al", "spr.ly"})



def sklearn_modules():
    try:
        import sklearn  # noqa: F401
    except ImportError:  # pragma: no cover
        raise ModelError("scikit-learn is not installed (needed to learn the voice model): "
                         "pip install 'voicelint[semantic]'") from None
    import sklearn.feature_extraction.text as fe
    import sklearn.linear_model as lm
    import sklearn.model_selection as ms
    return fe, lm, ms


def load_background(lang: str) -> list[str]:
    """The shipped generic background posts for ``lang`` (one per line)."""
    path = DATA_DIR / f"background_{lang}.txt"
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def as_reply(text: str) -> str:
    """``text`` as the platform sends it in reply to someone: opening with a handle."""
    return "@user " + (text or "").lstrip()


def as_sent(text: str, kind: str | None) -> str:
    """What the voice scores of a post: a post marked ``kind: reply`` that does not open with an
    @handle yet (a drafted reply: the platform adds it when it is sent) as it will be sent, since
    a voice learned from replies has a handle at the start of every approved post."""
    if text and kind == "reply" and not LEADING_HANDLES_RE.match(text):
        return as_reply(text)
    return text


def _char_text(text: str) -> str:
    """What the character n-grams see: entities unescaped, links and handles neutralised."""
    text = style.normalise(text)
    text = URL_TOKEN_RE.sub(" http ", text)
    text = _MENTION_RE.sub("@user", text)
    return whitespace_key(text)


def _hasher():
    # scikit-learn's HashingVectorizer, same columns and values, without importing sklearn
    # (1.5-2.5 s) when a check only scores posts
    from voicelint.nlp import hashing
    return hashing.HashingVectorizer(analyzer=CHAR_NGRAMS["analyzer"],
                                     ngram_range=CHAR_NGRAMS["ngram_range"],
                                     n_features=CHAR_NGRAMS["n_features"], alternate_sign=False,
                                     lowercase=False, norm="l2", dtype=_np().float32)


def _word_hasher():
    from voicelint.nlp import hashing
    return hashing.HashingVectorizer(analyzer="word", ngram_range=WORD_NGRAMS["ngram_range"],
                                     n_features=WORD_NGRAMS["n_features"], alternate_sign=False,
                                     lowercase=True, norm="l2", token_pattern=r"(?u)\w+|[^\w\s]",
                                     dtype=_np().float32)


def surface_text(text: str) -> str:
    """What the n-grams of the linear model see: the post as written, minus who it answers.

    HTML entities unescaped and NFC, but apostrophes, quotes and case kept; the leading run of
    @handles of a reply becomes one ``@user`` (handles inside the text stay: naming a partner is
    a habit); a link becomes ``http`` and its domain, unless the domain is a link shortener.
    """
    text = unicodedata.normalize("NFC", html.unescape(text or ""))
    text = LEADING_HANDLES_RE.sub(" @user ", text, count=1)

    def link(m: re.Match) -> str:
        domain = m.group(1).lower().rstrip(".,;:!?)»”'\"")
        return " http " if not domain or domain in _SHORTENERS else f" http {domain} "

    text = URL_HOST_RE.sub(link, text)
    return whitespace_key(text)


#: The two hashed n-gram blocks of the linear model: name -> HashingVectorizer settings.
NGRAM_BLOCKS = {
    "char": {"analyzer": CHAR_NGRAMS["analyzer"], "ngram_range": CHAR_NGRAMS["ngram_range"],
             "n_features": CHAR_NGRAMS["n_features"], "lowercase": False},
    "word": {"analyzer": "word", "ngram_range": WORD_NGRAMS["ngram_range"],
             "n_features": WORD_NGRAMS["n_features"], "lowercase": True,
             "token_pattern": WORD_TOKENS},
}


def _binary_ngrams(texts) -> dict:
    """``{block: binary CSR matrix}`` of the n-grams each text uses (see :data:`NGRAM_BLOCKS`)."""
    from voicelint.nlp import hashing
    np = _np()
    clean = [surface_text(t) for t in texts]
    out = {}
    for name, cfg in NGRAM_BLOCKS.items():
        m = hashing.HashingVectorizer(alternate_sign=False, norm=None, dtype=np.float64,
                                      **cfg).transform(clean).tocsr()
        m.sum_duplicates()
        m.data[:] = 1.0
        out[name] = m
    return out


def nb_ratios(pos_counts, neg_counts, n_features: int, alpha: float):
    """Naive-Bayes log-count ratios of the columns ``pos_counts``/``neg_counts`` describe, and
    the ratio of a column neither side uses (``log(Q / P)``)."""
    np = _np()
    p = np.asarray(pos_counts, dtype=np.float64) + alpha
    q = np.asarray(neg_counts, dtype=np.float64) + alpha
    big_p = float(np.sum(pos_counts)) + alpha * n_features
    big_q = float(np.sum(neg_counts)) + alpha * n_features
    return np.log(p / big_p) - np.log(q / big_q), math.log(big_q / big_p)


def nb_scale(m, ratio):
    """Binary rows weighted by the (dense) column ratios, then each row normalised to norm 1."""
    np = _np()
    import scipy.sparse as sparse
    m = m.copy()
    m.data = ratio[m.indices]
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m


def dedupe(texts) -> list[str]:
    seen, out = set(), []
    for t in texts:
        if not isinstance(t, str):
            continue
        key = whitespace_key(t)
        if key and key not in seen:
            seen.add(key)
            out.append(t)
    return out

