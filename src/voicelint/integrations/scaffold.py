"""``voicelint init``: a working set-up in a content repository, from the brand's name, language
and (optionally) its published posts.

Writes ``voicelint.yaml``, a profile under ``brand_profiles/`` (learned from the exports with the
same code as ``profile learn`` when there are some), a first draft under ``drafts/``, a
``.pre-commit-config.yaml`` with the voicelint hook and a GitHub workflow using the Action.
A file that exists is left as it is and named (``--force`` overwrites it, and says so); the
profile is learned first, so a failure (too few posts, an unreadable export) writes nothing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from voicelint import __version__
from voicelint.shared.errors import UserError

HOOK_REPO = "https://github.com/your-org/voicelint"   # where the team gets voicelint (see docs/integrations.md)
ACTION = "your-org/voicelint"
FIRST_DRAFT = {
    "fr": "Voici le dossier de nos brouillons : un fichier par publication, relu par voicelint avant chaque commit.",
    "en": "This is where our drafts live: one file per post, read by voicelint before every commit.",
}


@dataclass
class Plan:
    root: Path
    name: str
    lang: str | None
    sources: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    force: bool = False
    model: str | None = None
    cache_dir: str | None = None

    @property
    def brand_id(self) -> str:
        """The name as a file stem: accents folded ("Fournil Lumière" -> fournil-lumiere, not
        fournil-lumi-re), "œ"/"æ" spelled out, anything else a hyphen."""
        import unicodedata
        name = self.name.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
        return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "brand"

    @property
    def profile_rel(self) -> str:
        return f"brand_profiles/{self.brand_id}.yaml"


def _write(plan: Plan, rel: str, text: str, report: list[str]) -> None:
    from voicelint.shared.fsutil import atomic_write
    path = plan.root / rel
    existed = path.exists()
    if existed and not plan.force:
        report.append(f"kept     {rel} (it exists; --force overwrites it)")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(path, text)
    except OSError as exc:
        raise UserError(f"cannot write the file: {exc.strerror or exc}", path=str(path)) from None
    report.append(f"{'overwrote' if existed else 'wrote':<8} {rel}")


def _rel(plan: Plan, path: Path) -> str:
    try:
        return path.relative_to(plan.root).as_posix()
    except ValueError:
        return str(path)


def _config(plan: Plan) -> str:
    return (f"# voicelint configuration (written by `voicelint init`; see the README).\n"
            f"profile: {plan.profile_rel}\n"
            f"fail_on: error\n"
            f"exclude: [README.md, brand_profiles, .github]\n")


def _precommit(plan: Plan) -> str:
    """A local hook: it runs the voicelint installed here, so `pre-commit install` works at once
    (a remote one needs the URL the team gets voicelint from; the comment shows it)."""
    return (f"# pre-commit hooks (https://pre-commit.com): `pre-commit install`, then commit as usual.\n"
            f"# This hook runs the voicelint installed on this machine (the one that wrote this file).\n"
            f"# For a team, pin a release instead (docs/integrations.md), with your URL:\n"
            f"#   - repo: {HOOK_REPO}\n"
            f"#     rev: v{__version__}\n"
            f"#     hooks: [{{id: voicelint}}]      # or voicelint-semantic: every check\n"
            f"repos:\n"
            f"  - repo: local\n"
            f"    hooks:\n"
            f"      - id: voicelint\n"
            f"        name: voicelint (brand voice, rules)\n"
            f"        entry: voicelint check --no-semantic   # without --no-semantic: strategy (VL4xx), "
            f"voice match (VL210), drift on meaning\n"
            f"        language: system\n"
            f"        files: \\.(md|markdown|txt|text|csv|jsonl)$\n"
            f"        require_serial: true\n"
            f"        verbose: true      # warnings show even when the commit goes through (fail_on: error)\n")


def _workflow(plan: Plan) -> str:
    return (f"# Lint the drafts a pull request changes (written by `voicelint init`).\n"
            f"name: voicelint\n"
            f"on:\n"
            f"  pull_request:\n"
            f"    paths: [\"drafts/**\", \"brand_profiles/**\", \"voicelint.yaml\"]\n"
            f"\n"
            f"permissions:\n"
            f"  contents: read\n"
            f"\n"
            f"jobs:\n"
            f"  voicelint:\n"
            f"    runs-on: ubuntu-latest\n"
            f"    steps:\n"
            f"      - uses: actions/checkout@v4\n"
            f"        with:\n"
            f"          fetch-depth: 0               # the pull request's base, to diff against\n"
            f"          persist-credentials: false\n"
            f"      - uses: {ACTION}@v{__version__}\n"
            f"        with:\n"
            f"          paths: drafts\n"
            f"          profile-from-base: true      # judge the pull request by the rules of its base branch\n")


def _plain_profile(plan: Plan) -> str:
    import yaml
    head = yaml.safe_dump({"name": plan.name, "language": plan.lang}, allow_unicode=True, sort_keys=False)
    plats = "".join(f"  {p}: {{}}\n" for p in plan.platforms)
    return ("# Brand profile written by `voicelint init`. Learn the voice from published posts with\n"
            f"#   voicelint profile learn --examples EXPORT --base {plan.profile_rel} --out {plan.profile_rel}\n"
            "# and declare the strategy (proposition, pillars) to turn the strategy checks (VL4xx) on.\n"
            + head + (f"platforms:\n{plats}" if plats else ""))


def _read_sources(sources: list[str]) -> dict[str, list]:
    """Every export's posts, read once (``init`` names how many each gave, and which gave none)."""
    from voicelint.inputs.profile import read_example_posts
    return {src: read_example_posts(Path(src), "--from") for src in sources}


def _gather(read: dict[str, list], out: Path) -> str:
    """Several exports: one calendar of every approved post (text, platform, date, counts)."""
    rows = [{"text": p.source.strip(), **{k: v for k, v in p.meta.items() if k != "id"}}
            for posts in read.values() for p in posts]
    # in the order they were published, whatever the order of --from: the learned profile (its
    # proposed pillars, its thresholds) is then the same for the same exports
    rows.sort(key=lambda r: (str(r.get("date") or ""), str(r.get("platform") or ""), r["text"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    from voicelint.shared.fsutil import atomic_write
    atomic_write(out, "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows))
    return str(out)


def _export_platforms(read: dict[str, list]) -> list[str]:
    seen: list[str] = []
    for posts in read.values():
        for p in posts:
            if p.platform and p.platform not in seen:
                seen.append(p.platform)
    return seen


def _sources_line(read: dict[str, list]) -> str:
    if len(read) == 1:
        return next(iter(read))
    return ", ".join(f"{src} ({len(posts)} post{'s' if len(posts) != 1 else ''})" for src, posts in read.items())


def run(plan: Plan) -> list[str]:
    """Scaffold the set-up; returns one line per file (wrote / kept / overwrote) and what was learned."""
    report: list[str] = []
    if not plan.root.is_dir():
        raise UserError("init: the folder does not exist", path=str(plan.root))
    for src in plan.sources:
        if not Path(src).exists():
            raise UserError("--from: no such file or directory", path=src)
    read = _read_sources(plan.sources) if plan.sources else {}
    if len(plan.sources) > 1 and sum(len(v) for v in read.values()) < 5:   # before anything is written
        got = ", ".join(f"{src} {len(posts)}" for src, posts in read.items())
        raise UserError(f"--from: posts with text: {got}; at least 5 approved posts are needed to "
                        "learn a voice (an export's retweets, boosts, direct messages and posts without "
                        "text are left out)")
    if read:
        plan.platforms = plan.platforms or _export_platforms(read)
    profile_path = plan.root / plan.profile_rel
    gathered = plan.root / "brand_profiles" / f"{plan.brand_id}.approved.jsonl"
    learns = bool(plan.sources) and (plan.force or not profile_path.exists())
    if learns and len(plan.sources) > 1 and gathered.exists() and not plan.force:   # before anything is written
        raise UserError("it exists, and init would replace it with the posts of the exports: move it away "
                        "(it may hold posts the team approved by hand), or --force overwrites it",
                        path=_rel(plan, gathered))
    if profile_path.exists() and not plan.force:
        report.append(f"kept     {plan.profile_rel} (it exists; --force overwrites it)")
        if plan.sources:   # the exports were read, not learned: say so, and how to learn them into it
            examples = plan.sources[0] if len(plan.sources) == 1 else "FOLDER (the exports gathered in one folder)"
            report.append(f"         the exports were not learned into it: `voicelint profile learn --examples "
                          f"{examples} --base {plan.profile_rel} --out {plan.profile_rel}` does, keeping its "
                          "declarations")
    elif plan.sources:
        from voicelint.judgement.learn import learn_profile
        existed = profile_path.exists()
        gathered_existed = gathered.exists()
        new_files = [f for f in (profile_path.parent, gathered) if not f.exists()]
        profile_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            examples = plan.sources[0] if len(plan.sources) == 1 else _gather(read, gathered)
            s = learn_profile(examples, str(profile_path), name=plan.name, lang=plan.lang,
                              model=plan.model, cache_dir=plan.cache_dir, examples_option="--from")
        except BaseException:   # nothing half-written: what this run created goes again
            for f in reversed(new_files):
                try:
                    f.rmdir() if f.is_dir() else f.unlink(missing_ok=True)
                except OSError:
                    pass
            raise
        plan.lang = s["lang"]
        posts = ", ".join(f"{k} {v}" for k, v in s["posts"].items())
        if len(plan.sources) > 1:
            n = sum(len(v) for v in read.values())
            report.append(f"{'overwrote' if gathered_existed else 'wrote':<8} {_rel(plan, gathered)} (the {n} "
                          "posts of the exports, gathered: the approved posts the profile is learned from)")
        report.append(f"{'overwrote' if existed else 'wrote':<8} {plan.profile_rel} (learned from "
                      f"{_sources_line(read)}; {s['lang']}; posts: {posts})")
        report.extend(f"         {src}: no post to learn from in it (an export's retweets, boosts, direct "
                      "messages and posts without text are left out)" for src, got in read.items() if not got)
        if s.get("set_aside"):
            report.append(f"         {s['set_aside']}")
        report.extend(f"         {line}" for line in s["norms"])
        if s.get("proposed"):   # a first day must not read silence as "strategy checked"
            report.append(f"         proposed strategy (review it in the profile): "
                          f"{', '.join(s['proposed']['pillars'])}")
        elif not s["strategy"]:
            why = f" ({s['proposal_skipped']})" if s.get("proposal_skipped") else ""
            report.append(f"         no strategy proposed{why}: strategy checks (VL4xx) stay off until "
                          "the profile declares a proposition and pillars")
    else:
        if plan.lang not in ("fr", "en"):
            raise UserError("init: give --lang fr|en (or --from EXPORT to learn it from your posts)")
        _write(plan, plan.profile_rel, _plain_profile(plan), report)
    _write(plan, "voicelint.yaml", _config(plan), report)
    lang = plan.lang if plan.lang in FIRST_DRAFT else "en"
    platform = plan.platforms[0] if plan.platforms else None
    example = _example_draft(profile_path) if plan.sources else None
    if example:   # on the platform it was published on, as it was written (its line breaks)
        published = _published(read, example[1])
        if published is not None:
            platform = published.platform or platform
            if not example[2]:
                example = (example[0], published.source.strip(), False)
    front = f"platform: {platform}\n" if platform else ""
    if example:
        why, text, reply = example
        front += "kind: reply\n" if reply else ""
        front += (f"# An example: one of your published posts, {why}.\n"
                  "# Replace it with your drafts, one file per post.\n")
    front = f"---\n{front}---\n" if front else ""
    _write(plan, "drafts/first-post.md", front + (example[1] if example else FIRST_DRAFT[lang]) + "\n", report)
    _write(plan, ".pre-commit-config.yaml", _precommit(plan), report)
    _write(plan, ".github/workflows/voicelint.yml", _workflow(plan), report)
    return report


def _published(read: dict[str, list], text: str):
    """The exported post ``text`` was taken from (the learned examples have their whitespace
    folded), or None: its platform and its own line breaks make the first draft. A LinkedIn post
    under the first export's platform (X) was a VL301 error on the file init wrote."""
    from voicelint.shared.textpatterns import reply_body
    want = " ".join(str(text).split())
    for posts in read.values():
        for p in posts:
            if " ".join(p.source.split()) == want or " ".join(reply_body(p.source).split()) == want:
                return p
    return None


def _example_draft(profile_path: Path) -> tuple[str, str, bool] | None:
    """``(why this one, text, is a reply)``: the first example of the largest proposed pillar (the
    post closest to its centre), else the published post the learned voice finds most typical
    (the highest out-of-fold score); a whole sentence or more; a reply without the handles it
    opens with, as a drafted reply is written (marked ``kind: reply``). None without either.

    A first ``check`` in the new folder then reads one of the brand's own posts and shows what
    on-voice looks like; a placeholder sentence was judged like a draft, and the first thing a
    team saw was a voice and an off-strategy warning on the file voicelint wrote."""
    import json

    import yaml
    from voicelint.shared.textpatterns import LEADING_HANDLES_RE, reply_body
    try:
        data = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
        learned = data.get("learned") or {}
        model = json.loads((profile_path.parent / str(learned["voice_model"])).read_text(encoding="utf-8"))
        examples, oof = model.get("examples") or [], model.get("examples_oof") or []
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, AttributeError, KeyError, TypeError):
        return None   # just written by learn: without it, the placeholder
    candidates = []
    for pillar in data.get("pillars") or []:
        if isinstance(pillar, dict) and pillar.get("examples"):
            candidates += [(f"the most typical of the proposed pillar '{pillar.get('id')}'", t)
                           for t in pillar["examples"]]
            break
    if examples and len(oof) == len(examples):
        ranked = sorted(range(len(examples)), key=lambda i: (-oof[i], i))
        candidates += [("the one the learned voice finds most typical", examples[i]) for i in ranked]
    for why, text in candidates:
        body = reply_body(str(text)).strip()
        # a whole sentence or more, not one whose link the voice model blanked out
        if len(body.split()) >= 5 and "   " not in body and not body.startswith("---"):
            return why, body, bool(LEADING_HANDLES_RE.match(str(text)))
    return None


__all__ = ["Plan", "run"]
