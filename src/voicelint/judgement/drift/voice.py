"""The learned-voice block of the drift test: each post's voice score (the learned voice model's
logit, VL210's model) as one more block of the permutation statistic.

The approved posts' scores are their **out-of-fold** logits, kept in the model at learn time
(``examples_oof``): a post the model was trained on would score higher than any new post of the
same voice, and the test would cry wolf on every calendar. Out of fold, an approved post is as
unseen as a draft, so the two sides are exchangeable under "same voice" and the test stays exact.
The block is used only when every approved post of the language has such a score (a profile whose
approved voice is the learned model's examples) and the model can score the drafts (a model with
embeddings needs semantic checks on); otherwise drift runs without it.

The scores are comparable only when the model read its approved posts as drafts are read: a draft
is scored with its URLs (and HTML comments) blanked, and ``profile learn`` learns from posts read
the same way. A model whose kept examples still hold a URL was learned from text no draft is
scored on (a support brand's "https://t.co/..." is one of its strongest markers): its approved
posts score higher than new posts of the same voice, and calendars of such a brand look
drifted. Such a model's block is left out.

The block is one-sided: a group is apart when its posts sound *less* like the brand than the
approved posts do. Drafts' logits are kept per post in the results cache.
"""
from __future__ import annotations

import hashlib
import math
from voicelint.shared.textpatterns import whitespace_key


def _fingerprint(model: dict) -> str:
    raw = f"{model.get('intercept')}|{model.get('threshold')}|{model.get('counts')}|{model.get('coef_style')}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def as_drafts(text: str) -> str:
    """``text`` as a draft of the same words is read (URLs and HTML comments blanked)."""
    from voicelint.inputs.documents import mask_markdown
    return mask_markdown(text, 0, markdown=False)


def read_as_drafts(text: str) -> bool:
    """True when ``text`` is what a draft of the same words is scored on (nothing blanked)."""
    return whitespace_key(as_drafts(text)) == whitespace_key(text)


def approved_logits(learned, lang: str, approved_raw: list[str]) -> list[float] | None:
    """The out-of-fold logits of ``approved_raw`` (the approved texts as the profile gives them),
    or None when one of them has none or was scored on text a draft would not be
    (:func:`read_as_drafts`)."""
    if learned is None or learned.lang != lang or learned.model.get("kind") != "linear":
        return None
    oof = learned.model.get("examples_oof") or []
    examples = learned.approved
    if not approved_raw or len(oof) != len(examples):
        return None
    by_text = {whitespace_key(t): (t, float(v)) for t, v in zip(examples, oof)}
    out = []
    for t in approved_raw:
        # as the model keeps it: as written, or as drafts read it (profile learn blanks the URLs
        # of a hand-written voice.examples the way drafts' are)
        hit = by_text.get(whitespace_key(t)) or by_text.get(whitespace_key(as_drafts(t)))
        if hit is None or not read_as_drafts(hit[0]):
            return None
        out.append(hit[1])
    return out


def voice_column(learned, lang: str, posts: list, approved_raw: list[str], embedder=None,
                 per_post=None):
    """The voice logits of ``posts`` then of the approved posts (a numpy column), or None when the
    block cannot be used fairly (see the module's docstring)."""
    ref = approved_logits(learned, lang, approved_raw)
    if ref is None or (learned.model_id and embedder is None):
        return None
    from voicelint.inputs.posts import post_text
    from voicelint.judgement.voice.features import as_sent
    np = __import__("numpy")
    model = learned.voice_model(embedder)

    def logits(todo):   # a drafted reply as it will be sent, as VL210 scores it
        texts = [as_sent(post_text(p), (p.meta or {}).get("kind")) for p in todo]
        probs = model.score([t or " " for t in texts]) if texts else []
        return [math.log(max(p, 1e-12) / max(1.0 - p, 1e-12)) for p in (float(x) for x in probs)]

    if per_post is not None:
        got = per_post(f"voice-logit:{lang}:{_fingerprint(learned.model)}", posts, logits)
        mine = [float(got[id(p)]) for p in posts]
    else:
        mine = logits(posts)
    return np.array(mine + ref, dtype=np.float64).reshape(-1, 1)
