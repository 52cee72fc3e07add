"""The brand as its profile states it: the approved posts every judgement compares with, and what
``voicelint profile learn`` stored beside the profile (the ``learned:`` block and its voice model)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from voicelint.shared.errors import ModelError, ProfileError
from voicelint.shared.textpatterns import whitespace_key

_LEARNED: dict[tuple, dict] = {}  # parsed voice model files

#: Share of approved posts with any warning or error, out of fold, that `profile learn` aims at.
DEFAULT_TARGET = 0.03


def target_of(prof) -> tuple[float, str]:
    """The profile's false-alarm target (``thresholds.false_alarm_target``) and where it comes
    from (``profile`` or ``default``): what `profile learn` calibrates the whole check for, and
    what the checks' notices speak of."""
    th = prof.data.get("thresholds") or {}
    v = th.get("false_alarm_target")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v), "profile"
    return DEFAULT_TARGET, "default"


def approved_posts(profile, *, pillars: bool = True, learned: bool = True) -> list[str]:
    """The brand's approved posts: ``voice.examples`` (and ``examples_from``), then the pillars'
    examples (``pillars``), then the approved posts a learned voice model keeps (``learned``) that
    are not already there (the same text as measured: the model keeps an example with its URLs
    blanked).

    The one list every judgement starts from, each normalising it as it measures: VL210, the
    strategy (VL4xx) and ``profile learn`` with the pillars' examples; drift (VL5xx) and VL211,
    which compare *how* the brand writes, without them (docs/drift.md: a pillar's examples are
    one-line illustrations of a topic, not a sample of the voice)."""
    return [t for _, t in _approved(profile, pillars, learned)]


def approved_sources(profile, *, pillars: bool = True, learned: bool = True) -> str:
    """Where :func:`approved_posts` found them, for messages: each source that adds a post
    ("voice.examples and the learned voice model")."""
    names = {"voice": "voice.examples", "pillars": "the pillars' examples", "learned": "the learned voice model"}
    found = list(dict.fromkeys(names[src] for src, _ in _approved(profile, pillars, learned)))
    return " and ".join([", ".join(found[:-1])] + found[-1:]) if len(found) > 1 else "".join(found)


def _approved(profile, pillars: bool, learned: bool) -> list[tuple[str, str]]:
    """``(source, text)`` of :func:`approved_posts`."""
    if profile is None:
        return []
    out = [("voice", t) for t in profile.examples("voice") if t and t.strip()]
    if pillars:
        out += [("pillars", t) for p in profile.pillars for t in profile.examples("pillars", item=p)
                if t and t.strip()]
    stored = load_learned(profile) if learned else None
    if stored is not None and stored.approved:
        seen = {_measured_key(t) for _, t in out}
        out += [("learned", t) for t in stored.approved if t.strip() and _measured_key(t) not in seen]
    return out


def measured(text: str) -> str:
    """An approved post's text masked as drafts are (URLs, Markdown code, HTML comments blanked),
    so that both sides of a comparison are measured the same way."""
    from voicelint.inputs.documents import parse_string
    try:
        return parse_string(text, name="<approved>").text.strip()
    except Exception:  # noqa: BLE001 - an odd example is measured as written
        return text.strip()


def _measured_key(text: str) -> str:
    return whitespace_key(measured(text))


@dataclass
class Learned:
    """What ``profile learn`` stored beside a profile."""

    path: Path
    model: dict                       # VoiceModel.to_dict() form
    block: dict = field(default_factory=dict)  # the profile's ``learned:`` mapping

    @property
    def lang(self) -> str:
        return str(self.model.get("lang") or self.block.get("lang") or "en")

    @property
    def model_id(self) -> str | None:
        return self.model.get("model_id")

    @property
    def approved(self) -> list[str]:
        return [str(t) for t in self.model.get("examples") or []]

    @property
    def competitors(self) -> list[str]:
        refs = self.model.get("references") or {}
        return [str(t) for t in refs.get("competitors") or []]

    @property
    def traits(self) -> dict:
        stats = self.block.get("traits") or self.model.get("traits") or {}
        return {k: {"mean": float(v["mean"]), "std": float(v["std"])} for k, v in stats.items()
                if isinstance(v, dict) and "mean" in v and "std" in v}

    def thresholds_for(self, profile, lang: str, space=None) -> dict | None:
        """The stored VL4xx thresholds, if they were calibrated for these declarations (and, given
        the run's strategy ``space``, with the word vectors it uses: :meth:`vectors_changed`)."""
        from voicelint.judgement.strategy.traits import fingerprint
        th = self.block.get("thresholds")
        if not isinstance(th, dict) or lang != self.lang:
            return None
        if self.block.get("fingerprint") != fingerprint(profile) or self.vectors_changed(space):
            return None
        return {k: float(v) for k, v in th.items() if isinstance(v, (int, float)) and k.startswith("VL4")}

    def vectors_changed(self, space) -> bool:
        """True when the strategy ``space`` compares with other word vectors (or with, or without
        any) than ``profile learn`` calibrated the VL4xx thresholds with: every similarity moved."""
        return space is not None and (self.block.get("word_vectors") or None) != space.word_vectors

    def examples_path(self) -> str | None:
        """The posts ``profile learn`` learned from (:func:`recorded_examples`)."""
        return recorded_examples(self.block, self.path.parent)

    def strategy_edited(self, profile, lang: str) -> bool:
        """True when ``profile learn`` stored VL4xx thresholds for this language, and the
        declarations they were calibrated for (proposition, pillars...) have changed since."""
        from voicelint.judgement.strategy.traits import fingerprint
        th = self.block.get("thresholds")
        return (isinstance(th, dict) and any(str(k).startswith("VL4") for k in th) and lang == self.lang
                and self.block.get("fingerprint") != fingerprint(profile))

    def voice_model(self, embedder=None):
        from voicelint.judgement.voice.model import VoiceModel
        try:
            return VoiceModel.from_dict(self.model, embedder=embedder if self.model_id else None)
        except ModelError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read the learned voice model: {exc}", path=str(self.path)) from None


def recorded_examples(block, folder: Path) -> str | None:
    """The posts a ``learned:`` block says it was learned from (``learned.examples``, relative to
    the profile's ``folder``), as a path from the working folder; None when it records none."""
    import os
    rel = block.get("examples") if isinstance(block, dict) else None
    if not isinstance(rel, str) or not rel:
        return None
    return rel if os.path.isabs(rel) else os.path.relpath(folder / rel)


def load_learned(profile) -> Learned | None:
    """The learned model a profile points to (``learned.voice_model``), or None.

    A path that does not exist or is not a voice model is a :class:`ModelError` naming the
    profile's key: ``check`` exits 2 rather than silently running without it.
    """
    if profile is None:
        return None
    block = profile.data.get("learned")
    if not isinstance(block, dict) or not block.get("voice_model"):
        return None
    ref = block["voice_model"]
    line, col = profile.where("learned", "voice_model")
    if not isinstance(ref, str):
        raise ProfileError("expected the path of a voice model file (written by `voicelint profile learn`)",
                           path=profile.path, line=line, column=col, key="learned.voice_model")
    path = profile.resolve(ref)
    try:
        st = path.stat()
    except OSError:
        raise ProfileError(f"voice model file not found: {path} (learn the profile again with "
                           "`voicelint profile learn`)", path=profile.path, line=line, column=col,
                           key="learned.voice_model") from None
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _LEARNED:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ProfileError(f"cannot read the voice model {path}: {exc}", path=profile.path, line=line,
                               column=col, key="learned.voice_model") from None
        if not isinstance(data, dict) or data.get("format") != "voicelint-voice":
            raise ProfileError(f"{path} is not a voicelint voice model", path=profile.path, line=line,
                               column=col, key="learned.voice_model")
        if len(_LEARNED) > 16:
            _LEARNED.clear()
        _LEARNED[key] = data
    return Learned(path=path, model=_LEARNED[key], block=block)
