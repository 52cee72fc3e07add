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

from voicelint.inputs import platforms
from voicelint.shared.errors import UserError
from voicelint.shared.numbers import round_floats, round_places
from voicelint.shared.lang import majority_lang
from voicelint.judgement.brand import approved_posts
from voicelint.judgement.traits import trait_stats
from voicelint.shared.textpatterns import whitespace_key

VOICE_SUFFIX = ".voice.json"
MAX_COMPETITORS = 2000


# ----------------------------------------------------------------------------- learning

def _read(path: str, what: str) -> list[str]:
    from voicelint.inputs.profile import read_examples
    return read_examples(Path(path), what)


def _read_posts(path: str, what: str) -> list:
    from voicelint.inputs.profile import read_example_posts
    return read_example_posts(Path(path), what)


def split_by_lang(posts, lang: str) -> tuple[list, dict]:
    """The posts in ``lang`` (those that say so, or read as it, or read as neither language), and
    how many of the others there are by language and platform: a voice is learned in one language,
    and a bilingual account's French posts would teach its English voice French words."""
    from voicelint.shared.lang import reads_as
    kept, aside = [], {}
    for p in posts:
        lg = p.lang or reads_as(p.text[p.body_start:], lang)
        if lg == lang:
            kept.append(p)
        else:
            where = aside.setdefault(lg, {})
            where[p.platform or "-"] = where.get(p.platform or "-", 0) + 1
    return kept, aside


def set_aside_line(set_aside: dict, lang: str) -> str | None:
    """What ``profile learn`` and ``init`` print about the posts left out for their language."""
    from voicelint.shared.lang import language_name
    if not set_aside:
        return None
    parts = []
    for lg, where in sorted(set_aside.items()):
        n = sum(where.values())
        on = ", ".join(f"{k} {v}" for k, v in sorted(where.items()))
        parts.append(f"{n} in {language_name(lg)} ({on}); learn them into a second profile with --lang {lg}")
    return (f"set aside {'; '.join(parts)}: this profile learns its voice in {language_name(lang)} only, and "
            "checks posts that read as another language in that language, without the voice")


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


@dataclass
class Learning:
    """What ``profile learn`` has gathered so far, step by step (see :func:`learn_profile`)."""

    out_path: Path
    examples: str                       # the --examples argument, for errors
    approved_drafts: list               # the approved posts as Posts
    approved: list[str]                 # ... as texts
    competitors: list[str]
    lang: str
    data: dict[str, Any]                # the profile being written
    prof: Any = None                    # ``data`` validated (a Profile)
    declared: dict = field(default_factory=dict)  # the base profile's declarations, for the norms
    extra: list[str] = field(default_factory=list)  # the profile's own approved posts, masked
    target: float = 0.0
    target_source: str = ""
    oof: Any = None                     # the rules' out-of-fold calibration (calibration.RulesOOF)
    proposal: dict | None = None
    rebuild: Any = None                 # fold's posts -> the profile with the strategy proposed from them
    vm: Any = None                      # the VoiceModel
    space: Any = None                   # the StrategySpace, with a strategy
    strategy_oof: dict | None = None
    check: dict = field(default_factory=dict)
    joint: dict = field(default_factory=dict)
    set_aside: dict = field(default_factory=dict)  # posts in another language: lang -> {platform: n}
    address: dict | None = None         # voice.address learned from the posts (judgement/declared.py)

    def validate(self) -> None:
        from voicelint.inputs import profile as profile_mod
        self.prof = profile_mod.from_dict(self.data, path=str(self.out_path))


def learn_profile(examples: str, out: str, competitors: str | None = None, base: str | None = None,
                  name: str | None = None, lang: str | None = None, model: str | None = None,
                  cache_dir: str | None = None, seed: int = 0, propose_strategy: bool = True,
                  examples_option: str = "--examples") -> dict:
    """Learn a profile; write ``out`` and its voice model beside it. Returns a summary dict.
    ``examples_option`` names the option the examples came from in errors (``init`` says --from).

    read the inputs → start the profile → the rules' norms → a proposed strategy → the voice model
    → one false-alarm budget → the learned block → write."""
    from voicelint.nlp.embeddings import get_embedder
    st = read_inputs(examples, out, competitors, base, name, lang, examples_option)
    learn_norms(st, seed)
    embedder = get_embedder(model or st.prof.data.get("model"), cache_dir)
    if propose_strategy and not st.prof.data.get("proposition") and not st.prof.pillars:
        propose_strategy_for(st, embedder, seed)
    learn_voice(st, embedder, seed)
    calibrate_check(st, embedder, seed)
    learned = learned_block(st)
    voice_path = write(st, learned)
    return summary(st, learned, voice_path)


def read_inputs(examples: str, out: str, competitors: str | None, base: str | None, name: str | None,
                lang: str | None, what: str = "--examples") -> Learning:
    """Step 1: the arguments checked, the approved and competitors' posts read, the language, and
    the profile to extend (``--base``, its paths rebased to ``out``'s folder) or a new one."""
    import copy

    from voicelint.inputs import profile as profile_mod
    out_path = Path(out)
    if out_path.suffix.lower() not in (".yaml", ".yml"):
        raise UserError("--out: expected a .yaml or .yml file name", path=out)
    if not out_path.parent.exists():
        raise UserError("--out: the folder does not exist", path=str(out_path.parent))
    base_prof = profile_mod.load(base) if base else None
    if base_prof is None and not name:
        raise UserError("profile learn: give --name (the brand's name) or --base (a profile to extend)")
    approved_drafts = _read_posts(examples, what)
    approved = [p.text.strip() for p in approved_drafts]
    comp = _read(competitors, "--competitors") if competitors else []
    if lang is not None and lang not in ("fr", "en"):
        raise UserError(f"--lang: expected fr or en, got '{lang}'")
    lang = lang or (base_prof.language if base_prof else None) or majority_lang(approved)
    too_few = (f"{what}: {len(approved)} post{'s' if len(approved) != 1 else ''} with text in it, at least 5 "
               "approved posts are needed to learn a voice (an export's retweets, boosts, direct messages "
               "and posts without text are left out)")
    if lang is None:    # a language cannot be told from too few posts: say that first
        if len(approved) < 5:
            raise UserError(too_few, path=examples)
        raise UserError("profile learn: cannot tell the language of the approved posts; pass --lang fr|en")
    approved_drafts, set_aside = split_by_lang(approved_drafts, lang)
    approved = [p.text.strip() for p in approved_drafts]
    if set_aside and len(approved) < 5:   # VoiceModel.learn's minimum: say where the others went
        raise UserError(f"{what}: {len(approved)} approved posts in the profile's language, at least 5 "
                        f"are needed to learn a voice; {set_aside_line(set_aside, lang)}", path=examples)
    if len(approved) < 5 and base_prof is None:   # a --base profile's own examples may make up the rest
        raise UserError(too_few, path=examples)

    data: dict[str, Any]
    if base_prof is not None:
        data = copy.deepcopy(base_prof.loc.data if base_prof.loc is not None else base_prof.data)
        data = _rebase_paths(data, Path(base_prof.path).parent, out_path.parent)
        if name:
            data["name"] = name
        data.pop("learned", None)
        if isinstance(data.get("platforms"), dict):   # what is learned per platform goes under one key
            data["platforms"] = platforms.merged_keys(data["platforms"])
    else:
        data = {"name": name}
    data.setdefault("language", lang)
    st = Learning(out_path, examples, approved_drafts, approved, comp, lang, data,
                  declared=copy.deepcopy(data) if base_prof is not None else {}, set_aside=set_aside)
    # Validate what we are about to extend (and get examples_from resolved from OUT's folder).
    st.validate()
    return st


def learn_norms(st: Learning, seed: int) -> None:
    """Step 2: the rule checks' norms, what the approved posts do where a rule would flag them,
    calibrated out of fold (:mod:`voicelint.judgement.calibration`)."""
    from voicelint.inputs.documents import mask_markdown
    from . import calibration, declared, norms as norms_mod
    # hand-written examples read as drafts are (URLs blanked)
    st.extra = [t for t in (mask_markdown(x, 0, markdown=False).strip()
                            for x in approved_posts(st.prof, learned=False)) if t]
    st.target, st.target_source = calibration.target_of(st.prof)
    # tu or vous, when the posts agree and the profile does not say: before the norms, which
    # then run VL201 with it (judgement/declared.py)
    st.address = declared.learn_address(st.approved + st.extra, st.lang, st.data)
    st.data, st.oof = calibration.learn_rules(norms_mod.with_examples(st.approved_drafts, st.extra), st.data,
                                              st.declared, str(st.out_path), seed=seed)
    st.validate()


def propose_strategy_for(st: Learning, embedder, seed: int) -> None:
    """Step 3 (a profile without a proposition and pillars): a proposed strategy from the posts."""
    from voicelint.judgement.strategy.proposal import propose, pos_shares
    from voicelint.nlp import pipelines
    try:        # pillars described by what posts are about (nouns), when a tagger is installed
        topical, nouns = pos_shares(st.approved, pipelines.get(st.lang, st.prof.data.get("nlp")))
    except UserError:
        topical = nouns = None
    keys, st.proposal = propose(st.approved, st.lang, embedder, st.prof.name, seed=seed, topical=topical,
                                nouns=nouns)
    if keys:
        undeclared = dict(st.data)
        st.data.update(keys)
        st.validate()

        def rebuild(train):     # proposed again from a fold's posts, for the out-of-fold run
            from voicelint.inputs import profile as profile_mod
            fold_keys, _ = propose(train, st.lang, embedder, st.prof.name, seed=seed, topical=topical,
                                   nouns=nouns)
            return (profile_mod.from_dict({**undeclared, **fold_keys}, path=str(st.out_path))
                    if fold_keys else None)
        st.rebuild = rebuild


def learn_voice(st: Learning, embedder, seed: int) -> None:
    """Step 4: the voice model (VL210), its out-of-fold scores; its threshold comes from the budget."""
    from . import calibration
    from voicelint.judgement.voice.model import VoiceModel
    prof = st.prof
    negatives = {
        "competitors": st.competitors + [t for c in prof.competitors for t in prof.examples("competitors", item=c)],
        "counter_examples": prof.examples("voice", "counter_examples"),
    }
    try:
        # The model's out-of-fold scores are what counts; its threshold is set below with the
        # strategy checks', on one false-alarm budget for the whole check (calibration_joint).
        vl210_target = max(st.target * calibration.SEMANTIC_FLOOR, st.target - st.oof.share)
        st.vm = VoiceModel.learn(_own(st), negatives, lang=st.lang, embedder=embedder, seed=seed,
                                 target_fa=vl210_target)
    except ValueError as exc:
        raise UserError(f"--examples: {exc}", path=st.examples) from None


def _own(st: Learning) -> list[str]:
    return st.approved + st.extra      # the norms change no example


def calibrate_check(st: Learning, embedder, seed: int) -> None:
    """Step 5: with a strategy, VL401 and VL403 out of fold too; then one false-alarm budget over
    the rules, VL210 and the strategy (:mod:`voicelint.judgement.calibration_joint`)."""
    if st.prof.has_strategy:
        from . import calibration_joint
        from voicelint.judgement.strategy.space import StrategySpace
        from voicelint.judgement.voice.model import dedupe
        comp = st.competitors[:MAX_COMPETITORS]
        st.space = StrategySpace(st.prof, embedder, st.lang, approved_extra=st.approved, competitors_extra=comp)
        st.strategy_oof = calibration_joint.strategy_oof(st.prof, embedder, st.lang, dedupe(_own(st)), comp,
                                                         seed=seed, full_space=st.space,
                                                         rebuild=st.rebuild)
    st.check, st.joint = calibration_joint_budget(st.vm, _own(st), st.oof, st.target, st.strategy_oof)
    st.check["target_source"] = st.target_source


def learned_block(st: Learning) -> dict[str, Any]:
    """Step 6: the profile's ``learned:`` block (model file, posts, traits, thresholds, figures)."""
    from voicelint.judgement.strategy.traits import fingerprint
    vm, space = st.vm, st.space
    learned: dict[str, Any] = {
        "voice_model": st.out_path.stem + VOICE_SUFFIX,
        "examples": _relative(st.examples, st.out_path.parent),   # to learn it again
        "lang": st.lang,
        "embedding_model": vm.model_id,
        "posts": {k: int(v) for k, v in sorted(vm.counts.items())},
        "traits": {k: {"mean": round_places(v["mean"]), "std": round_places(v["std"])}
                   for k, v in trait_stats(vm.examples, st.lang).items()},
        "thresholds": {"VL210": round_places(vm.threshold)},
        "calibration": {"VL210": {**{k: round_places(v) for k, v in sorted(vm.calibration.items())},
                                  "target_fa": round_places(vm.target_fa)},
                        "check": round_floats(st.check)},
    }
    if st.oof.norms:
        learned["norms"] = st.oof.norms
    if st.address:
        learned["address"] = st.address
    if space is not None:
        from . import calibration_joint
        th = space.calibrate()
        for code, v in sorted({**th.values, **st.joint}.items()):
            if th.source.get(code) == "calibrated" or code in st.joint:
                learned["thresholds"][code] = round_places(v)
        learned["calibration"]["VL4xx"] = th.figures.get("leave_one_out") or {}
        learned["calibration"]["VL4xx_approved"] = th.figures.get("approved", 0)
        learned["calibration"]["off_side"] = calibration_joint.off_side(th.figures.get("off_side"), space, st.joint,
                                                                         st.check)
        learned["fingerprint"] = fingerprint(st.prof)
        if space.word_vectors:
            learned["word_vectors"] = space.word_vectors
    if _proposed(st):
        learned["proposal"] = {**st.proposal,
                               "strategy_separation": learned.get("calibration", {}).get("off_side")}
    return learned


def recorded_examples(base: str) -> str | None:
    """The posts a learned profile was learned from (``learned.examples``, relative to its folder),
    as a path from the working folder: ``profile learn --base P --out P`` learns P again from
    them after its declarations were edited. None when it records none (or cannot be read: the
    run then says what is missing)."""
    import yaml
    from voicelint.judgement.brand import recorded_examples as recorded
    try:
        data = yaml.safe_load(Path(base).read_text(encoding="utf-8"))
        return recorded(data["learned"], Path(base).parent)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError):
        return None


def _relative(path: str, folder: Path) -> str:
    """``path`` as seen from ``folder`` (the profile's), or as given when it cannot be."""
    import os
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except (OSError, ValueError):
        return str(path)


def _proposed(st: Learning) -> bool:
    return bool(st.proposal) and "skipped" not in st.proposal


def write(st: Learning, learned: dict) -> Path:
    """Step 7: the profile (validated as ``check`` will read it) and its voice model beside it."""
    from voicelint.inputs import profile as profile_mod
    from voicelint.shared.fsutil import atomic_write
    st.data["learned"] = learned
    model_doc = st.vm.to_dict()
    model_doc["references"] = {"competitors": [whitespace_key(t) for t in st.competitors[:MAX_COMPETITORS]]}
    model_text = json.dumps(model_doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    header = ("# Learned by `voicelint profile learn`. Edit the declarations freely; the `learned:` block\n"
              "# and the voice model beside this file are rewritten by learning again.\n")
    if _proposed(st):
        header += (f"# PROPOSED: `proposition` and `pillars` were proposed from {st.proposal['from_posts']} "
                   "published\n# posts (clusters; see learned.proposal): review and edit them, the strategy "
                   "is yours.\n")
    if (st.address or {}).get("learned"):
        header += (f"# LEARNED: `voice.address: {st.address['learned']}` is how the approved posts address "
                   "their readers\n# (see learned.address); learning again keeps it as declared.\n")
    profile_text = header + _yaml(st.data)
    profile_mod.loads(profile_text, path=str(st.out_path))   # what we write, `check` accepts
    voice_path = st.out_path.with_name(learned["voice_model"])
    try:
        atomic_write(voice_path, model_text)
        atomic_write(st.out_path, profile_text)
    except OSError as exc:
        raise UserError(f"cannot write the learned profile: {exc.strerror or exc}", path=str(st.out_path)) from None
    return voice_path


def summary(st: Learning, learned: dict, voice_path: Path) -> dict:
    """What the command prints."""
    from voicelint.judgement.strategy.calibration import separation_line
    from . import declared, norms as norms_mod
    proposal = st.proposal
    return {"profile": str(st.out_path), "voice_model": str(voice_path), "lang": st.lang,
            "posts": learned["posts"], "thresholds": learned["thresholds"],
            "oof_auc": st.vm.calibration.get("oof_auc"), "strategy": st.prof.has_strategy,
            "norms": [line for line in [declared.describe(st.address)] if line]
                     + [norms_mod.describe(code, e) for code, e in st.oof.norms.items()]
                     + [norms_mod.describe_unlearned(code, k, len(st.oof.keys))
                        for code, k in sorted(st.oof.unlearned.items())],
            "false_alarms": learned["calibration"]["check"],
            "separation": separation_line(learned.get("calibration", {}).get("off_side")),
            "set_aside": set_aside_line(st.set_aside, st.lang),
            "proposal_skipped": (proposal or {}).get("skipped"),
            "proposed": None if not _proposed(st) else {"pillars": list(proposal["pillars"]),
                                                          "voice": proposal["voice"]}}


def calibration_joint_budget(vm, own, oof, target, strat):
    """:func:`voicelint.judgement.calibration_joint.budget`, with the strategy thresholds' conservative
    bounds (low = flagged) for too few posts to trust their out-of-fold tails. VL401's margin has
    none: its floor switches the test off, and left out of the learned thresholds it would be
    calibrated again at run time, in sample, outside this budget (6.6 -> 8.0 % own posts flagged on
    the dev set's French accounts, which learn from 13-55 posts); it keeps the budget's tail."""
    from . import calibration_joint
    from voicelint.judgement.strategy.space import BOUNDS
    return calibration_joint.budget(vm, own, oof, target, strat,
                                    conservative={"VL401": BOUNDS["VL401"][0],
                                                  "VL403": -BOUNDS["VL403"][1]})
