"""Where a post stands against the brand's declared strategy (the VL4xx checks).

A :class:`StrategySpace` is built once per run and language from a profile: the proposition,
the pillars and the declared off-strategy topics (description, keywords, examples), the
brand's approved posts (``voice.examples``, ``voice.examples_from``, the pillars' examples and,
for a learned profile, the approved posts it was learned from), the competitors' posts and the
shipped generic background (``voicelint/data/background_<lang>.txt``).

**Similarity.** The similarity of a post to a reference text mixes two views::

    sim = a * cosine(centred sentence embeddings) + (1 - a) * cosine(content character n-grams)

- embeddings are *centred* on the mean embedding of the generic background of the post's
  language before the cosine: all French posts share a large "French social-media post"
  component in an English-trained model (raw cosines of unrelated French posts sit around
  0.4-0.6); removing it leaves what a post is *about*;
- character n-grams (3-5, within words) of the post's content words (function words, digits
  and accents removed), TF-IDF weighted with IDF learned on the references: they match
  ``élections``/``électoral``, ``recharge``/``rechargent`` in any language;
- ``a`` (the embedding weight) is :data:`EMBEDDING_WEIGHT` for the language when the model
  was trained on that language (all-MiniLM-L6-v2: English only), and
  :data:`EMBEDDING_WEIGHT_OTHER` otherwise; a multilingual model (``model:`` in the config,
  named ``*multilingual*``, ``LaBSE``, ``e5``...) gets the full weight in every language.
- where the model does not know the language, word vectors (:mod:`.wordvec`, ``fr_core_news_md``)
  take :data:`WORD_VECTOR_SHARE` of the lexical weight: pupils and classes are about school.

A post's similarity to a *topic* (a pillar, an off-strategy topic) is its best similarity to
the topic's texts (description + keywords, each example).

**Calibration** (see docs/semantic.md): every threshold is computed from the brand's own
approved posts, leave-one-out (a post is never compared with itself), so that about
``target_fa`` of the brand's genuine posts would be flagged; the profile's ``thresholds:``
override it. numpy is imported lazily; the character n-grams are hashed and TF-IDF weighted by
:mod:`voicelint.nlp.hashing` (scikit-learn's columns and values, without importing it).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .calibration import TARGET_FA, high_cut, low_cut, topk_mean  # noqa: F401 (re-exported)
from .text import _key, _lexical_text, _strip_accents, content_words, generic_stems, name_pattern, neutral_text, norm_text  # noqa: F401 (re-exported: checks, learn, proposal import them from here)
from .traits import _summary, fingerprint, trait_drift, trait_stats  # noqa: F401
from voicelint.shared.numbers import numpy as _np
from voicelint.shared.numbers import round_places as _r
from voicelint.judgement.brand import approved_posts

#: Weight of the embedding view when the model knows the language (the rest is lexical).
EMBEDDING_WEIGHT = 0.6
#: ... and when it does not (all-MiniLM-L6-v2 on French): embeddings help, words decide.
EMBEDDING_WEIGHT_OTHER = 0.2
#: Share of the lexical weight the word vectors take (0.2 embeddings, 0.4 n-grams, 0.4 vectors).
WORD_VECTOR_SHARE = 0.5
#: Languages the default model was trained on.
DEFAULT_MODEL_LANGS = ("en",)
MULTILINGUAL_HINTS = ("multilingual", "labse", "e5", "bge-m3", "xlm", "distiluse", "camembert",
                      "sentence-camembert", "mpnet-base-multi")
LEXICAL = {"ngram_range": (3, 5), "n_features": 2 ** 18}

#: Bounds for each threshold (the target false-alarm rate is strategy_calibration.TARGET_FA).
MIN_CALIBRATION = 5   # fewer approved posts than this: the conservative bound is used
BOUNDS = {
    # code: (floor, ceiling) of the calibrated value
    "VL401": (0.05, 0.30),        # strategy similarity below which a post is off-strategy
    "VL402": (0.20, 0.60),        # similarity to an off-strategy topic that is "close enough"
    "VL402.margin": (0.03, 0.30),  # ... and by how much it must beat the best pillar
    "VL403": (0.10, 0.40),        # how much more a post looks like others than like the brand
    "VL404": (0.05, 0.30),        # best-pillar similarity below which no pillar is served
    "VL401.margin": (-0.30, 0.15),  # brand minus best other-sector similarity (strategy_calibration)
}
#: When there are too few approved posts to calibrate, the bound that flags least.
CONSERVATIVE = {"VL401": "floor", "VL402": "ceiling", "VL402.margin": "ceiling",
                "VL403": "ceiling", "VL404": "floor", "VL401.margin": "floor"}
MAX_NEGATIVES = 2000
GENERIC_WORD_POSTS = 2   # a word of this many shipped generic posts is not what a post shares with a topic
#: VL402's floor when the declared topics' own posts choose its cut (calibration.topic_cut): the
#: margin over every pillar guards it there (French similarities are mostly shared word stems,
#: 0.10-0.20 between two posts on one topic).
TOPIC_FLOOR = 0.10


def model_knows(model_id: str | None, lang: str) -> bool:
    """Whether the embedding model was trained on ``lang`` (multilingual models: always)."""
    mid = (model_id or "").lower()
    if any(h in mid for h in MULTILINGUAL_HINTS):
        return True
    from voicelint.nlp.embeddings import DEFAULT_MODEL_ID
    if not mid or mid == DEFAULT_MODEL_ID.lower():
        return lang in DEFAULT_MODEL_LANGS
    return lang == "en"   # an unknown model: assume English-trained, as most are


def embedding_weight(model_id: str | None, lang: str) -> float:
    return EMBEDDING_WEIGHT if model_knows(model_id, lang) else EMBEDDING_WEIGHT_OTHER


# --------------------------------------------------------------------------- calibration

def _clip(code: str, value: float) -> float:
    lo, hi = BOUNDS[code]
    return float(min(hi, max(lo, value)))


# --------------------------------------------------------------------------- references

@dataclass
class Ref:
    kind: str          # pillar | proposition | approved | off | competitor | background
    topic: str | None  # pillar / off-strategy id, competitor name
    text: str
    role: str = ""     # description | example


@dataclass
class Assessment:
    """Every similarity the VL4xx checks look at, for one post."""

    text: str
    pillars: dict[str, float]          # pillar id -> similarity
    pillar_item: dict[str, int]        # pillar id -> index of the closest reference
    proposition: float
    off: dict[str, float]
    off_item: dict[str, int]
    brand: float                        # best similarity to the brand's own texts
    brand_item: int | None
    other: float                        # best similarity to competitors / background
    other_item: int | None
    approved: float                     # best similarity to an approved post
    approved_item: int | None
    off_side: float = 0.0               # best similarity to another sector's / a generic post
    off_side_item: int | None = None
    brand_k: float = 0.0                # mean of the NEIGHBOURS best similarities to the brand's texts
    off_side_k: float = 0.0             # ... and to the off side (strategy_calibration.topk_mean)

    @property
    def contrast(self) -> float:
        """Brand (proposition, pillars, approved posts) minus the off side, each side the mean of
        its few nearest texts: negative when the post is closer to other sectors' posts than to
        the brand's texts."""
        return self.brand_k - self.off_side_k

    @property
    def best_pillar(self) -> tuple[str | None, float]:
        if not self.pillars:
            return None, 0.0
        pid = max(self.pillars, key=lambda k: (self.pillars[k], k))
        return pid, self.pillars[pid]

    @property
    def strategy(self) -> float:
        """Best of the best pillar and the proposition."""
        return max(self.best_pillar[1], self.proposition)

    @property
    def best_off(self) -> tuple[str | None, float]:
        if not self.off:
            return None, 0.0
        oid = max(self.off, key=lambda k: (self.off[k], k))
        return oid, self.off[oid]


@dataclass
class Thresholds:
    values: dict[str, float]
    source: dict[str, str] = field(default_factory=dict)   # code -> calibrated|profile|learned|default
    figures: dict[str, Any] = field(default_factory=dict)  # calibration figures, for docs/learn

    def __getitem__(self, code: str) -> float:
        return self.values[code]


class StrategySpace:
    """The brand's strategy as reference texts, with similarities and calibrated thresholds."""

    def __init__(self, profile, embedder, lang: str, approved_extra=(), competitors_extra=(),
                 target_fa: float = TARGET_FA, nlp: dict | None = None):
        from voicelint.judgement.voice.model import load_background
        self.profile = profile
        self.lang = lang
        self.embedder = embedder
        self.target_fa = target_fa
        model_id = getattr(embedder, "model_id", None)
        self.alpha = embedding_weight(model_id, lang)
        self.words = None          # word vectors (.wordvec), for a language the model does not know
        if not model_knows(model_id, lang):
            from . import wordvec
            self.words = wordvec.get(lang, nlp or profile.data.get("nlp"))
        self.beta = (1.0 - self.alpha) * (WORD_VECTOR_SHARE if self.words is not None else 0.0)
        refs: list[Ref] = []
        if profile.data.get("proposition"):
            refs.append(Ref("proposition", None, profile.data["proposition"], "description"))
        for p in profile.pillars:
            refs.extend(self.topic_refs("pillar", p, profile))
        for o in profile.off_strategy:
            refs.extend(self.topic_refs("off", o, profile))
        approved = approved_posts(profile, learned=False) + list(approved_extra)
        seen: set[str] = set()
        self.approved: list[str] = []
        for t in approved:
            k = _key(t)
            if k and k not in seen:
                seen.add(k)
                self.approved.append(norm_text(t))
        refs.extend(Ref("approved", None, t, "example") for t in self.approved)
        negs: list[Ref] = []
        for c in profile.competitors:
            for t in profile.examples("competitors", item=c):
                negs.append(Ref("competitor", c["name"], norm_text(t), "example"))
        negs.extend(Ref("competitor", "competitors", norm_text(t), "example") for t in competitors_extra)
        for t in load_background(lang):
            negs.append(Ref("background", "generic background", norm_text(t), "example"))
        from .calibration import load_sectors
        negs.extend(Ref("sector", s, norm_text(t), "example") for s, t in load_sectors(lang))
        kept: list[Ref] = []
        for r in negs:
            k = _key(r.text)
            if k and k not in seen:       # a competitor post that is also approved is the brand's
                seen.add(k)
                kept.append(r)
        refs.extend(kept[: MAX_NEGATIVES])
        self.refs = refs
        self.names = name_pattern(profile)
        self.cmp = [neutral_text(r.text, self.names) for r in refs]
        self.ref_keys = [_key(t) for t in self.cmp]
        self._fit()

    @staticmethod
    def topic_refs(kind, item, profile) -> list[Ref]:
        """A pillar's or an off-strategy topic's texts, as they are compared: description,
        keywords, examples (``checks.semantic.cross_language`` asks which language they are in)."""
        out = []
        desc = str(item.get("description") or "").strip()
        keywords = ", ".join(str(k) for k in item.get("keywords") or [])
        if not desc and not keywords:
            desc = str(item["id"]).replace("-", " ").replace("_", " ")
        if desc:
            out.append(Ref(kind, item["id"], norm_text(desc), "description"))
        if keywords:
            out.append(Ref(kind, item["id"], norm_text(keywords), "keywords"))
        section = "pillars" if kind == "pillar" else "off_strategy"
        for e in profile.examples(section, item=item):
            out.append(Ref(kind, item["id"], norm_text(e), "example"))
        return out

    # -- vectors --------------------------------------------------------------------------
    def _hasher(self):
        # scikit-learn's HashingVectorizer / TfidfTransformer without importing sklearn
        from voicelint.nlp import hashing
        return hashing.HashingVectorizer(analyzer="char_wb", ngram_range=LEXICAL["ngram_range"],
                                         n_features=LEXICAL["n_features"], alternate_sign=False,
                                         norm=None, lowercase=False)

    def _fit(self):
        np = _np()
        from voicelint.nlp import hashing
        from voicelint.judgement.voice.model import load_background
        texts = self.cmp
        counts = self._hasher().transform([_lexical_text(t, self.lang) for t in texts])
        self._tfidf = hashing.TfidfTransformer(sublinear_tf=True).fit(counts)
        self.ref_ngrams = self._tfidf.transform(counts).tocsr()   # the references' content n-grams (tf-idf)
        bg = [neutral_text(t) for t in load_background(self.lang)] or texts
        self.center = self.embedder.encode(bg).astype(np.float64).mean(axis=0)
        self.ref_vectors = self._embed(texts)                     # ... and their centred embeddings
        self.word_centre = self.words.centre(bg) if self.words is not None else None
        self.ref_words = self._words(texts)                       # ... and their mean word vectors (or None)
        kinds = np.array([r.kind for r in self.refs])
        self.idx = {k: np.flatnonzero(kinds == k) for k in
                    ("pillar", "proposition", "approved", "off", "competitor", "background", "sector")}
        self.topics = {}
        for k in ("pillar", "off"):
            ids: dict[str, list[int]] = {}
            for i in self.idx[k]:
                ids.setdefault(self.refs[i].topic, []).append(int(i))
            self.topics[k] = {t: np.array(v) for t, v in ids.items()}
        from .calibration import fit_off_side
        fit_off_side(self)

    def _embed(self, texts):
        np = _np()
        x = self.embedder.encode(list(texts)).astype(np.float64) - self.center
        n = np.linalg.norm(x, axis=1, keepdims=True)
        return x / np.where(n > 0, n, 1.0)

    def _words(self, texts):
        return self.words.encode(texts, self.word_centre) if self.words is not None else None

    @property
    def word_vectors(self) -> str | None:
        """Which word vectors the similarities use (recorded with learned thresholds), or None."""
        return self.words.id if self.words is not None else None

    def _lexical(self, texts):
        return self._tfidf.transform(self._hasher().transform(
            [_lexical_text(t, self.lang) for t in texts])).tocsr()

    def similarity(self, texts):
        """(len(texts), len(refs)) similarities of texts to every reference."""
        np = _np()
        texts = [neutral_text(t, self.names) for t in texts]
        e = self._embed(texts) @ self.ref_vectors.T
        lex = np.asarray((self._lexical(texts) @ self.ref_ngrams.T).toarray())
        return self.alpha * e + self._lexical_views(lex, self._words(texts), self.ref_words)

    def _lexical_views(self, lex, w, ref_w):
        from .wordvec import lexical_views
        return lexical_views(lex, w, ref_w, self.alpha, self.beta)

    # -- assessment -----------------------------------------------------------------------
    def assess(self, texts, leave_out: bool = False) -> list[Assessment]:
        """Similarities of each text to pillars, proposition, off topics, brand and others.

        ``leave_out``: references equal to the text itself are ignored (calibration).
        """
        texts = [norm_text(t) for t in texts]
        if not texts:
            return []
        S = self.similarity(texts)
        if leave_out:
            self._leave_out(S, [_key(neutral_text(t, self.names)) for t in texts])
        return self._rows(texts, S)

    def assess_refs(self, idx) -> list[Assessment]:
        """:meth:`assess` of the references ``idx`` themselves, each without itself (nor its
        copies), from the vectors already computed: no text is embedded again."""
        np = _np()
        idx = [int(i) for i in idx]
        if not idx:
            return []
        S = self.alpha * (self.ref_vectors[idx] @ self.ref_vectors.T) + self._lexical_views(
            np.asarray((self.ref_ngrams[idx] @ self.ref_ngrams.T).toarray()),
            self.ref_words[idx] if self.ref_words is not None else None, self.ref_words)
        self._leave_out(S, [self.ref_keys[i] for i in idx])
        return self._rows([self.refs[i].text for i in idx], S)

    def _leave_out(self, S, keys) -> None:
        """Row ``r`` of ``S`` ignores the references whose key is ``keys[r]`` (the text itself)."""
        np = _np()
        ref_keys = np.array(self.ref_keys, dtype=object)
        for row, k in enumerate(keys):
            S[row, ref_keys == k] = -np.inf

    def _rows(self, texts, S) -> list[Assessment]:
        np = _np()
        out = []
        for row, t in enumerate(texts):
            s = S[row]

            def best(idx):
                if len(idx) == 0:
                    return 0.0, None
                j = int(idx[int(np.argmax(s[idx]))])
                v = float(s[j])
                return (v, j) if math.isfinite(v) else (0.0, None)

            pillars, pitem = {}, {}
            for pid, idx in self.topics["pillar"].items():
                pillars[pid], pitem[pid] = best(idx)
            off, oitem = {}, {}
            for oid, idx in self.topics["off"].items():
                off[oid], oitem[oid] = best(idx)
            prop, _ = best(self.idx["proposition"])
            own = np.concatenate([self.idx["approved"], self.idx["pillar"], self.idx["proposition"]])
            brand, brand_item = best(own)
            others = np.concatenate([self.idx["competitor"], self.idx["background"]])
            other, other_item = best(others)
            appr, appr_item = best(self.idx["approved"])
            side, side_item = best(self.off_side_idx)
            out.append(Assessment(t, pillars, pitem, prop, off, oitem, brand, brand_item, other,
                                  other_item, appr, appr_item, side, side_item,
                                  float(topk_mean(s[None, :], own)[0]),
                                  float(topk_mean(s[None, :], self.off_side_idx)[0])))
        return out

    # -- calibration ----------------------------------------------------------------------
    def calibrate(self, overrides: dict | None = None, learned: dict | None = None) -> Thresholds:
        """Thresholds from the approved posts (leave-one-out), then learned, then overrides."""
        from .calibration import joint_cut, margin_threshold, separation, topic_cut
        np = _np()
        fa = self.target_fa
        values: dict[str, float] = {}
        source: dict[str, str] = {}
        figures: dict[str, Any] = {"approved": len(self.approved), "target_fa": fa,
                                   "embedding_weight": self.alpha}
        a = self.assess(self.approved, leave_out=True) if len(self.approved) >= MIN_CALIBRATION else []
        if a:
            strat = [x.strategy for x in a]
            pil = [x.best_pillar[1] for x in a] if self.profile.pillars else []
            raw = {"VL401": low_cut(strat, fa)}
            if pil:
                raw["VL404"] = low_cut(pil, fa)
            if self.profile.off_strategy:
                offs = [x.best_off[1] for x in a]
                raw["VL402"] = high_cut(offs, fa)
                raw["VL402.margin"] = high_cut([x.best_off[1] - x.strategy for x in a], fa)
            diff = [x.other - x.brand for x in a]
            raw["VL403"] = high_cut(diff, fa)
            margin = margin_threshold([x.contrast for x in a], fa)
            if margin is not None:
                raw["VL401.margin"] = margin
            for code, v in raw.items():
                values[code] = _clip(code, v)
                source[code] = "calibrated"
            if "VL401.margin" in raw:
                # the margin gives the detection now: VL401's floor must not flag more of the
                # brand's own posts than the target (a campaign's posts off every pillar's words)
                values["VL401"] = float(min(BOUNDS["VL401"][1], max(0.0, raw["VL401"])))
                joint = joint_cut(strat, [x.contrast for x in a], self.sector_strategy,
                                  self.sector_contrast, fa, BOUNDS["VL401.margin"][1], BOUNDS["VL401"][1])
                if joint is not None:   # both tests from one budget, chosen on both sides
                    values["VL401"], values["VL401.margin"] = joint["VL401"], joint["VL401.margin"]
                    figures["joint"] = {k: _r(v) for k, v in joint.items()}
            if self.profile.off_strategy and "VL402" not in (overrides or {}):
                tc = topic_cut(self, a, values["VL402"], values["VL402.margin"], fa, TOPIC_FLOOR)
                if tc is not None:   # VL402 chosen on both sides: the topic's posts show where it starts
                    values["VL402"] = tc["VL402"]
                    figures["VL402_topic"] = {k: _r(v) if isinstance(v, float) else v for k, v in tc.items()}
            figures["leave_one_out"] = {
                "strategy": _summary(strat), "best_pillar": _summary(pil) if pil else None,
                "off_topic": _summary([x.best_off[1] for x in a]) if self.profile.off_strategy else None,
                "off_minus_strategy": (_summary([x.best_off[1] - x.strategy for x in a])
                                       if self.profile.off_strategy else None),
                "other_minus_brand": _summary(diff),
            }
            figures["raw"] = {k: _r(v) for k, v in sorted(raw.items())}
        for code in BOUNDS:
            if code not in values:
                lo, hi = BOUNDS[code]
                values[code] = lo if CONSERVATIVE[code] == "floor" else hi
                source[code] = "default"
        for src_name, given in (("learned", learned or {}), ("profile", overrides or {})):
            for code, v in given.items():
                if code in BOUNDS and isinstance(v, (int, float)):
                    values[code] = float(v)
                    source[code] = src_name
        figures["thresholds"] = {k: _r(v) for k, v in sorted(values.items())}
        figures["off_side"] = {**self.sector_figures, **separation(self, values, a)}
        if "joint" in figures:
            figures["off_side"]["joint"] = figures["joint"]
        if "VL402_topic" in figures:
            figures["off_side"]["declared_topics"] = figures["VL402_topic"]
        return Thresholds(values, source, figures)

    # -- evidence -------------------------------------------------------------------------
    def ref_text(self, i: int | None, limit: int = 120) -> str | None:
        if i is None:
            return None
        t = self.refs[i].text
        return t if len(t) <= limit else t[: limit - 3].rstrip() + "..."

    def shared_words(self, text: str, i: int | None, top: int = 5) -> list[str]:
        """Content words a post shares with reference ``i`` (its words, in its order), but for
        words any account writes (:func:`.text.generic_stems`: "quel", "soir" in a football post)."""
        if i is None:
            return []
        ref = {_strip_accents(w)[:5] for w in content_words(self.refs[i].text, self.lang)}
        ref -= generic_stems(self.lang, GENERIC_WORD_POSTS)
        out: list[str] = []
        for w in content_words(text, self.lang):
            if _strip_accents(w)[:5] in ref and w not in out:
                out.append(w)
        return out[:top]

    def evidence(self, a: Assessment, traits: list | None = None) -> dict:
        pid, psim = a.best_pillar
        ev: dict[str, Any] = {
            "nearest_pillar": None if pid is None else {
                "id": pid, "similarity": _r(psim, 3),
                "closest_text": self.ref_text(a.pillar_item.get(pid))},
            "pillars": {k: _r(v, 3) for k, v in sorted(a.pillars.items(), key=lambda kv: -kv[1])},
            "proposition": _r(a.proposition, 3),
            "nearest_example": None if a.approved_item is None else {
                "text": self.ref_text(a.approved_item), "similarity": _r(a.approved, 3)},
        }
        if a.off:
            oid, osim = a.best_off
            item = a.off_item.get(oid)
            ev["nearest_off_strategy"] = {"id": oid, "similarity": _r(osim, 3),
                                          "closest_text": self.ref_text(item),
                                          "source": None if item is None else self.refs[item].role,
                                          "shared_words": self.shared_words(a.text, item)}
        if a.other_item is not None:
            r = self.refs[a.other_item]
            ev["nearest_other"] = {"source": r.kind, "name": r.topic, "similarity": _r(a.other, 3),
                                   "text": self.ref_text(a.other_item)}
            ev["brand_similarity"] = _r(a.brand, 3)
        if a.off_side_item is not None:
            r = self.refs[a.off_side_item]
            ev["nearest_other_sector"] = {"sector": r.topic, "similarity": _r(a.off_side, 3),
                                          "text": self.ref_text(a.off_side_item),
                                          "contrast": _r(a.contrast, 3),
                                          "brand_neighbours": _r(a.brand_k, 3),
                                          "other_sector_neighbours": _r(a.off_side_k, 3)}
        if traits is not None:
            ev["traits"] = traits
        from .wordvec import formula
        ev["similarity"] = formula(self.alpha, self.beta, self.word_vectors)
        return ev


