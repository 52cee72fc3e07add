"""``voicelint profile learn``: a profile learned from a brand's approved posts.

From approved posts (a folder of drafts, a ``.jsonl`` or ``.csv`` calendar) and, optionally,
competitors' posts, :func:`learn_profile` writes two files:

- ``OUT`` (YAML): the ``--base`` profile's declarations as they are (or, without a base, a
  voice-only profile named ``--name``) plus a ``learned:`` block: where the voice model is, the
  language, how many posts it was learned from, the brand's style statistics (mean and spread
  of every named trait of :mod:`voicelint.nlp.style`), the calibrated thresholds (VL210 and, when
  the profile declares a strategy, VL401-VL404) with their calibration figures, and a
  fingerprint of the declarations they were calibrated for;
- ``OUT`` stem + ``.voice.json``: the learned :class:`~voicelint.judgement.voice.model.VoiceModel` (its JSON
  form, with the approved posts it keeps for evidence) plus the competitors' posts the
  brand-swap check (VL403) compares with, under ``references``.

``check --profile OUT`` loads the stored model instead of learning again, and uses the stored
thresholds while the declarations keep the same fingerprint (edit the pillars and they are
calibrated again at run time, with a notice). The profile's own ``thresholds:`` win over both.
Same inputs, same files, byte for byte; both are written atomically.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voicelint.shared.errors import ModelError, ProfileError, UserError

VOICE_SUFFIX = ".voice.json"
MAX_COMPETITORS = 2000
_LEARNED: dict[tuple, dict] = {}  # parsed voice model files


# ------------------------------------------------------------------------------ loading

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

    def thresholds_for(self, profile, lang: str) -> dict | None:
        """The stored VL4xx thresholds, if they were calibrated for these declarations."""
        from voicelint.judgement.strategy.space import fingerprint
        th = self.block.get("thresholds")
        if not isinstance(th, dict) or lang != self.lang:
            return None
        if self.block.get("fingerprint") != fingerprint(profile):
            return None
        return {k: float(v) for k, v in th.items() if isinstance(v, (int, float)) and k.startswith("VL4")}

    def voice_model(self, embedder=None):
        from voicelint.judgement.voice.model import VoiceModel
        try:
            return VoiceModel.from_dict(self.model, embedder=embedder if self.model_id else None)
        except ModelError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read the learned voice model: {exc}", path=str(self.path)) from None


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


# ----------------------------------------------------------------------------- learning

def _read(path: str, what: str) -> list[str]:
    from voicelint.inputs.profile import read_examples
    return read_examples(Path(path), what)


def _read_posts(path: str, what: str) -> list:
    from voicelint.inputs.profile import read_example_posts
    return read_example_posts(Path(path), what)


def _guess_lang(texts: list[str]) -> str | None:
    from voicelint.shared.lang import guess_lang
    votes = [guess_lang(t) for t in texts]
    fr, en = votes.count("fr"), votes.count("en")
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def _rebase_paths(data: dict, base_dir: Path, out_dir: Path) -> dict:
    """``*_from`` paths of the base profile, made relative to the learned profile's folder."""
    def fix(holder):
        if not isinstance(holder, dict):
            return
        for k in list(holder):
            if k.endswith("_from") and isinstance(holder[k], str):
                target = (base_dir / holder[k]).resolve()
                holder[k] = Path(os.path.relpath(target, out_dir.resolve())).as_posix()
    fix(data.get("voice"))
    for section in ("pillars", "off_strategy", "competitors"):
        for item in data.get(section) or []:
            fix(item)
    return data


def _yaml(data: dict) -> str:
    import yaml
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def _r(x: float, digits: int = 4) -> float:
    return float(round(float(x), digits))


def learn_profile(examples: str, out: str, competitors: str | None = None, base: str | None = None,
                  name: str | None = None, lang: str | None = None, model: str | None = None,
                  cache_dir: str | None = None, seed: int = 0, propose_strategy: bool = True) -> dict:
    """Learn a profile; write ``out`` and its voice model beside it. Returns a summary dict."""
    from voicelint.inputs import profile as profile_mod
    from voicelint.nlp.embeddings import get_embedder
    from voicelint.judgement.strategy.space import StrategySpace, fingerprint, trait_stats
    from voicelint.judgement.strategy.calibration import separation_line
    from voicelint.judgement.voice.model import VoiceModel

    out_path = Path(out)
    if out_path.suffix.lower() not in (".yaml", ".yml"):
        raise UserError("--out: expected a .yaml or .yml file name", path=out)
    if not out_path.parent.exists():
        raise UserError("--out: the folder does not exist", path=str(out_path.parent))
    base_prof = profile_mod.load(base) if base else None
    if base_prof is None and not name:
        raise UserError("profile learn: give --name (the brand's name) or --base (a profile to extend)")
    approved_posts = _read_posts(examples, "--examples")
    approved = [p.text.strip() for p in approved_posts]
    comp = _read(competitors, "--competitors") if competitors else []
    if lang is not None and lang not in ("fr", "en"):
        raise UserError(f"--lang: expected fr or en, got '{lang}'")
    lang = lang or (base_prof.language if base_prof else None) or _guess_lang(approved)
    if lang is None:
        raise UserError("profile learn: cannot tell the language of the approved posts; pass --lang fr|en")

    import copy

    data: dict[str, Any]
    if base_prof is not None:
        data = copy.deepcopy(base_prof.loc.data if base_prof.loc is not None else base_prof.data)
        data = _rebase_paths(data, Path(base_prof.path).parent, out_path.parent)
        if name:
            data["name"] = name
        data.pop("learned", None)
    else:
        data = {"name": name}
    data.setdefault("language", lang)
    # Validate what we are about to extend (and get examples_from resolved from OUT's folder).
    prof = profile_mod.from_dict(data, path=str(out_path))

    # The rule checks' norms: what the approved posts do where a rule would flag them.
    from . import norms as norms_mod
    declared = copy.deepcopy(data) if base_prof is not None else {}
    extra = prof.examples("voice") + [t for p in prof.pillars for t in prof.examples("pillars", item=p)]
    from voicelint.inputs.documents import mask_markdown  # hand-written examples read as drafts are (URLs blanked)
    extra = [t for t in (mask_markdown(x, 0, markdown=False).strip() for x in extra) if t]
    from . import calibration
    target, target_source = calibration.target_of(prof)
    data, oof = calibration.learn_rules(norms_mod.with_examples(approved_posts, extra), data, declared,
                                        str(out_path), seed=seed)
    norms = oof.norms
    prof = profile_mod.from_dict(data, path=str(out_path))

    embedder = get_embedder(model or prof.data.get("model"), cache_dir)
    proposal = None
    if propose_strategy and not prof.data.get("proposition") and not prof.pillars:
        from voicelint.judgement.strategy.proposal import propose  # a proposed strategy from the published posts
        keys, proposal = propose(approved, lang, embedder, prof.name, seed=seed)
        if keys:
            data.update(keys)
            prof = profile_mod.from_dict(data, path=str(out_path))
    negatives = {
        "competitors": comp + [t for c in prof.competitors for t in prof.examples("competitors", item=c)],
        "counter_examples": prof.examples("voice", "counter_examples"),
    }
    own = approved + extra      # the norms change no example
    try:
        # The model's out-of-fold scores are what counts; its threshold is set below with the
        # strategy checks', on one false-alarm budget for the whole check (calibration_joint).
        vl210_target = max(target * calibration.SEMANTIC_FLOOR, target - oof.share)
        vm = VoiceModel.learn(own, negatives, lang=lang, embedder=embedder, seed=seed,
                              target_fa=vl210_target)
    except ValueError as exc:
        raise UserError(f"--examples: {exc}", path=examples) from None
    sp = strat = None
    if prof.has_strategy:
        # VL401 and VL403 out of fold too: one budget over the rules, VL210 and the strategy
        from . import calibration_joint
        from voicelint.judgement.voice.model import _dedupe
        sp = StrategySpace(prof, embedder, lang, approved_extra=approved, competitors_extra=comp[:MAX_COMPETITORS])
        strat = calibration_joint.strategy_oof(prof, embedder, lang, _dedupe(own), comp[:MAX_COMPETITORS],
                                               seed=seed, full_space=sp)
    check, joint = calibration_joint_budget(vm, own, oof, target, strat)
    check["target_source"] = target_source

    learned: dict[str, Any] = {
        "voice_model": out_path.stem + VOICE_SUFFIX,
        "lang": lang,
        "embedding_model": vm.model_id,
        "posts": {k: int(v) for k, v in sorted(vm.counts.items())},
        "traits": {k: {"mean": _r(v["mean"]), "std": _r(v["std"])}
                   for k, v in trait_stats(vm.examples, lang).items()},
        "thresholds": {"VL210": _r(vm.threshold)},
        "calibration": {"VL210": {**{k: _r(v) for k, v in sorted(vm.calibration.items())},
                                  "target_fa": _r(vm.target_fa)},
                        "check": _rounded(check)},
    }
    if norms:
        learned["norms"] = norms
    if sp is not None:
        th = sp.calibrate()
        for code, v in sorted({**th.values, **joint}.items()):
            if th.source.get(code) == "calibrated" or code in joint:
                learned["thresholds"][code] = _r(v)
        learned["calibration"]["VL4xx"] = th.figures.get("leave_one_out") or {}
        learned["calibration"]["VL4xx_approved"] = th.figures.get("approved", 0)
        learned["calibration"]["off_side"] = calibration_joint.off_side(th.figures.get("off_side"), sp, joint,
                                                                         check)
        learned["fingerprint"] = fingerprint(prof)
    proposed = bool(proposal) and "skipped" not in proposal
    if proposed:
        learned["proposal"] = {**proposal, "strategy_separation": learned.get("calibration", {}).get("off_side")}
    data["learned"] = learned

    model_doc = vm.to_dict()
    model_doc["references"] = {"competitors": [" ".join(t.split()) for t in comp[:MAX_COMPETITORS]]}
    model_text = json.dumps(model_doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    header = ("# Learned by `voicelint profile learn`. Edit the declarations freely; the `learned:` block\n"
              "# and the voice model beside this file are rewritten by learning again.\n")
    if proposed:
        header += (f"# PROPOSED: `proposition` and `pillars` were proposed from {proposal['from_posts']} published\n"
                   "# posts (clusters; see learned.proposal): review and edit them, the strategy is yours.\n")
    profile_text = header + _yaml(data)
    profile_mod.loads(profile_text, path=str(out_path))   # what we write, `check` accepts

    from voicelint.shared.fsutil import atomic_write
    voice_path = out_path.with_name(learned["voice_model"])
    try:
        atomic_write(voice_path, model_text)
        atomic_write(out_path, profile_text)
    except OSError as exc:
        raise UserError(f"cannot write the learned profile: {exc.strerror or exc}", path=str(out_path)) from None
    return {"profile": str(out_path), "voice_model": str(voice_path), "lang": lang,
            "posts": learned["posts"], "thresholds": learned["thresholds"],
            "oof_auc": vm.calibration.get("oof_auc"), "strategy": prof.has_strategy,
            "norms": [norms_mod.describe(code, e) for code, e in norms.items()],
            "false_alarms": learned["calibration"]["check"],
            "separation": separation_line(learned.get("calibration", {}).get("off_side")),
            "proposal_skipped": (proposal or {}).get("skipped"),
            "proposed": None if not proposed else {"pillars": list(proposal["pillars"]),
                                                       "voice": proposal["voice"]}}


def calibration_joint_budget(vm, own, oof, target, strat):
    """:func:`voicelint.judgement.calibration_joint.budget`, with the strategy thresholds' conservative
    bounds (low = flagged) for too few posts to trust their out-of-fold tails."""
    from . import calibration_joint
    from voicelint.judgement.strategy.space import BOUNDS
    return calibration_joint.budget(vm, own, oof, target, strat,
                                    conservative={"VL401": BOUNDS["VL401"][0],
                                                  "VL401.margin": BOUNDS["VL401.margin"][0],
                                                  "VL403": -BOUNDS["VL403"][1]})


def _rounded(d):
    if isinstance(d, dict):
        return {k: _rounded(v) for k, v in d.items()}
    if isinstance(d, float):
        return _r(d)
    return d
