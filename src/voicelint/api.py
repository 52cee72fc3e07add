"""The Python API. The CLI calls the same functions.

>>> import voicelint
>>> findings = voicelint.lint(["drafts/"], profile="brand_profiles/maison-lumen.yaml")
>>> findings = voicelint.lint(["Achetez maintenant !"], profile=profile, platform="instagram")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod
from voicelint.engine import valeini
from voicelint.engine.engine import Context, Engine, Result, Selection
from voicelint.shared.errors import ConfigError, DraftError, EmptyDraft
from .findings import Finding
from voicelint.engine.rules import Rule, builtin_rules, load_packs

# Findings the engine itself produces (not from a rule file), listed by `voicelint rules`.
ENGINE_RULES = {
    "VL910": ("warning", "A suppression directive that suppresses nothing (with --report-unused-disables)."),
    "VL911": ("warning", "A suppression directive names a rule code that does not exist."),
}


#: Profile findings about how well one semantic check can judge: on `check`, only when it runs.
ABOUT_CHECK = {"VL915": "VL402"}
#: The first notice of a run without a profile.
NO_PROFILE = ("no brand profile (give --profile, or a voicelint.yaml with profile:): only generic rules "
              "ran, so a pass does not mean on brand: nothing was checked against a brand's banned terms, "
              "promises, voice or strategy")


@dataclass
class Options:
    profile: object = None                 # path, Profile, or None
    profiles: list = field(default_factory=list)
    rules: list = field(default_factory=list)  # extra rule packs (paths)
    select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)
    semantic: bool = True
    model: str | None = None
    cache_dir: str | None = None
    embedding_backend: str | None = None   # auto | numpy | torch (None: $VOICELINT_EMBEDDING_BACKEND)
    nlp: dict = field(default_factory=dict)
    report_unused_disables: bool = False
    jobs: int = 1
    cache: bool = True                     # the per-post findings cache (resultcache.py)
    exclude: list = field(default_factory=list)  # globs of files to leave out (config exclude:)
    exclude_root: str | None = None        # what they are relative to (the config's folder)
    vale_config: str | bool | None = None  # a .vale.ini; None: found as Vale finds it; False: none
    scheduler: str | None = None           # a Dask scheduler address or 'local' (distributed/)
    stream: Callable | None = None         # stream(findings): told findings as they are final
    # where each select/ignore/severity code came from, for an unknown one's error:
    # {(key, code): {path, line, column, key}}; without it the error names the key
    origins: dict = field(default_factory=dict)


def load_rules(extra_packs: Iterable = (), notices: list | None = None) -> list[Rule]:
    rules = builtin_rules()
    rules.extend(load_packs(extra_packs, notices))
    return rules


def _as_profile(p):
    if p is None or isinstance(p, profile_mod.Profile):
        return p
    if isinstance(p, dict):
        return profile_mod.from_dict(p)
    return profile_mod.load(p)


def _looks_like_path(s: str) -> bool:
    """One word naming a draft file or a folder (``drafts/post.md``, ``drafts/``), not a post."""
    return (bool(s) and not any(c.isspace() for c in s) and "://" not in s
            and (s.lower().endswith(tuple(documents.DRAFT_SUFFIXES)) or s.endswith(("/", "\\"))))


def _exists(item: str) -> bool:
    """Whether a string names an existing file or folder. A post's text is not a path: one with a
    line break, a NUL or a "word" longer than a file name may be (ENAMETOOLONG) is not looked up."""
    if "\n" in item or "\0" in item or len(item) >= 4096:
        return False
    try:
        return Path(item).exists()
    except (OSError, ValueError):
        return False


def posts_from(items: Iterable, meta: dict | None = None, exclude: Iterable[str] = (),
               exclude_root: str | None = None, notices: list | None = None) -> list[documents.Post]:
    """Posts from paths (files or folders) and/or strings of text; files matching the
    ``exclude`` globs are left out. A draft with no text to lint (empty, only front matter or
    comments) is left out with a notice in ``notices``: it never stops the run."""
    posts: list[documents.Post] = []
    n = 0

    def skip_empty(exc: EmptyDraft) -> None:
        if notices is not None:
            notices.append(f"{exc} (skipped)")

    for item in items:
        if isinstance(item, documents.Post):
            posts.append(item)
        elif isinstance(item, Path) or (isinstance(item, str) and _exists(item)):
            for f in documents.discover([item], exclude=exclude, root=exclude_root):
                try:
                    posts.extend(documents.parse_file(f))
                except EmptyDraft as exc:
                    skip_empty(exc)
        elif isinstance(item, str) and _looks_like_path(item):
            raise DraftError("no such file or directory (a text to lint would contain spaces)", path=item)
        elif isinstance(item, str):
            n += 1
            try:
                posts.append(documents.parse_string(item, name=f"<text {n}>", meta=meta))
            except EmptyDraft as exc:
                skip_empty(exc)
        else:
            raise DraftError(f"cannot lint a {type(item).__name__}: give a path or a string")
    if meta:
        for p in posts:
            for k, v in meta.items():
                p.meta.setdefault(k, v)
    if notices is not None:
        notices.extend(n for p in posts for n in p.notes)
    return posts


def _assign(posts, profiles):
    """Group posts by profile: a post's ``brand`` picks the profile with that id or name."""
    if len(profiles) <= 1:
        return [(profiles[0] if profiles else None, posts)]
    by_key = {}
    for p in profiles:
        by_key[p.id.lower()] = p
        by_key[p.name.lower()] = p
    groups: dict[int, list] = {id(p): [] for p in profiles}
    for post in posts:
        brand = (post.brand or "").lower()
        if not brand:
            groups[id(profiles[0])].append(post)
            continue
        if brand not in by_key:
            raise DraftError(f"brand '{post.brand}' matches no profile (known: "
                             f"{', '.join(p.id for p in profiles)})", path=post.path, line=post.position(0)[0])
        groups[id(by_key[brand])].append(post)
    return [(p, groups[id(p)]) for p in profiles if groups[id(p)]]


#: Vale's built-in style, which a .vale.ini turns on (docs/vale.md): selectable in any run.
VALE_STYLE = ("Vale.Repetition", "Vale.Spelling", "Vale.Terms", "Vale.Avoid")


def known_codes(rules: list[Rule]) -> set[str]:
    """Every code a selection may name: the rules', the engine's own (VL910, VL911) and Vale's."""
    return {r.code for r in rules} | set(ENGINE_RULES) | set(VALE_STYLE)


def profile_selection(prof, known: set[str], packs: set[str] | None = None) -> Selection:
    """The profile's own ``rules:`` (select, ignore, severity), each code spelt as the rules
    spell it; a code that names no rule is a ProfileError at its line (a typo in ``select``
    would otherwise turn linting off without a word)."""
    from voicelint.engine.selection import resolved
    from voicelint.shared.errors import ProfileError
    pr = prof.data.get("rules") or {}

    def place(key, at):
        line, col = prof.where("rules", key, at)
        return {"path": prof.path, "line": line, "column": col, "key": f"rules.{key}"}
    try:
        return resolved(pr.get("select") or [], pr.get("ignore") or [], pr.get("severity") or {},
                        known, packs, place)
    except ConfigError as exc:
        raise ProfileError(exc.message, path=exc.path, line=exc.line, column=exc.column, key=exc.key) from None


def _packs(rules: list[Rule]) -> set[str]:
    return {r.code.split(".")[0] for r in rules if "." in r.code}


def _selection(o: Options, rules: list[Rule]) -> Selection:
    """The command line's and the configuration's select/ignore/severity (``o``), each code spelt
    as the rules spell it; an unknown one raises a ConfigError naming where it came from."""
    from voicelint.engine.selection import resolved
    return resolved(o.select, o.ignore, o.severity, known_codes(rules), _packs(rules),
                    lambda key, at: o.origins.get((key, at)) or {"key": key})


def own_checks(sel: Selection) -> Selection:
    """What judges the profile itself (VL9xx): the profile's ``select`` is about the drafts'
    checks and never hides what is wrong with the profile; its ``ignore`` and ``severity`` hold."""
    return Selection(ignore=list(sel.ignore), severity=dict(sel.severity))


def profile_findings(prof, rules: list[Rule], selection: Selection) -> list[Finding]:
    """VL9xx: judgements on the profile itself, placed at the key they concern."""
    out = []
    for rule in rules:
        if getattr(rule.module, "SCOPE", "") != "profile" or not selection.enabled(rule.code):
            continue
        sev = selection.severity_for(rule.code, rule.severity)
        if sev is None:
            continue
        for keypath, args in rule.module.check_profile(rule, prof):
            line, col = prof.where(*keypath)
            out.append(Finding(prof.path, line, col, line, col, rule.code, sev,
                               rule.format_message(args), None, prof.id))
    return out


def _jobs(jobs: int | None) -> int:
    """``jobs`` worker processes for post-scope rules; 0 means one per usable core."""
    if not jobs:
        from voicelint.engine.parallel import default_jobs
        return default_jobs() if jobs == 0 else 1
    return max(1, int(jobs))


def run(items: Iterable, options: Options | None = None, meta: dict | None = None,
        progress=None) -> Result:
    """Lint paths and/or texts; returns findings (sorted), notices and the post count.

    ``progress``: an object with ``start(total)``, ``update(n)`` and ``close()`` (the CLI's
    bar, :class:`voicelint.outputs.progress.Bar`), told how many posts are done."""
    o = options or Options()
    items = list(items) if not isinstance(items, (str, Path)) else [items]
    notices: list[str] = []
    rules = load_rules(o.rules, notices)
    vale, vale_rules = _vale_setup(o, notices)
    if vale_rules:
        have = {r.path for r in rules}
        rules.extend(r for r in vale_rules if r.path not in have)
    profiles = [_as_profile(p) for p in ([o.profile] if o.profile is not None else []) + list(o.profiles)]
    profiles = [p for p in profiles if p is not None]
    if not profiles:    # first: a pass without a profile must not read as "on brand"
        notices.append(NO_PROFILE)
    known, given = known_codes(rules), _selection(o, rules)
    unloaded = [c for c in given.select if c != "ALL" and not any(k.startswith(c) for k in known)]
    if unloaded:   # a pack this run does not load (kept: only some runs load it)
        notices.append(f"select names {', '.join(unloaded)}, of no rule pack this run loads: "
                       "nothing of it ran (--rules, or rules: in the config)")
    # a typo in a code is refused before any draft is read
    own = {id(prof): profile_selection(prof, known, _packs(rules)) for prof in profiles}
    empty: list[str] = []
    posts = posts_from(items, meta, o.exclude, o.exclude_root, empty)
    notices.extend(empty)
    if not posts:
        if empty:  # only drafts with no text: nothing found, the run is not refused
            return Result(findings=[], notices=notices, posts=0)
        if o.exclude:
            return Result(findings=[], notices=["every draft given is excluded by the configuration "
                                                f"(exclude: {', '.join(o.exclude)})"], posts=0)
        raise DraftError(f"no drafts found in {_searched(items)} (expected .md, .txt, .csv or .jsonl files, "
                         "hidden files and folders left out)")
    if vale is not None:
        for post in posts:
            block, token = vale.ignores(post.path)
            if block or token:
                valeini.blank_ignored(post, block, token)
    post_rules = [r for r in rules if getattr(r.module, "SCOPE", "post") != "profile"]
    cluster = None
    if o.scheduler:  # map on a Dask cluster, reduce here (docs/scale.md)
        from voicelint.engine.distributed import connect
        cluster = connect(o.scheduler)
    try:
        result = _run_groups(posts, profiles, rules, post_rules, o, progress, cluster, notices,
                             (vale, vale_rules), (given, own))
    finally:
        if cluster is not None:
            cluster.close()
    if vale is not None:
        result.findings = sorted(valeini.keep(vale, result.findings, vale_rules, posts), key=lambda f: f.sort_key)
    return result


def _undeclared_platforms(prof, group) -> str | None:
    """One notice for the drafts on platforms a profile that declares some (``platforms:``) does
    not: nothing is wrong with them, but none of the brand's settings for a platform apply."""
    declared = set((prof.data.get("platforms") or {}) if prof is not None else ())
    if not declared:
        return None
    counts: dict[str, int] = {}
    for post in group:
        if post.platform and post.platform not in declared:
            counts[post.platform] = counts.get(post.platform, 0) + 1
    if not counts:
        return None
    on = ", ".join(f"{p} ({n})" for p, n in sorted(counts.items()))
    return (f"drafts on {on}: the profile {prof.id} declares no settings for "
            f"{'it' if len(counts) == 1 else 'them'} (platforms: {', '.join(sorted(declared))}); "
            "the platform's generic limits apply")


def _searched(items: list, most: int = 5) -> str:
    """The paths a run searched, for "no drafts found in ...": a folder with its trailing /."""
    names = [f"{i}/" if Path(i).is_dir() and not str(i).endswith("/") else str(i)
             for i in items if isinstance(i, Path) or isinstance(i, str) and _exists(i)]
    names = names or ["the texts given"]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def _streamer(o: Options, vale, vale_rules):
    """The engine's ``stream(post, findings)`` for ``o.stream``: a Vale configuration's filter
    (:func:`valeini.keep`) applied first, as :func:`run` applies it to the result."""
    if o.stream is None:
        return None
    if vale is None:
        return lambda post, found: o.stream(found)
    return lambda post, found: o.stream(valeini.keep(vale, found, vale_rules, [post]))


def _run_groups(posts, profiles, rules, post_rules, o, progress, cluster, notices,
                vale, selections) -> Result:
    """``selections``: the run's select/ignore/severity and each profile's own (by ``id``),
    resolved once by :func:`run`."""
    findings: list[Finding] = []
    total = 0
    given, own = selections
    for prof, group in _assign(posts, profiles):
        sel = Selection()
        if prof is not None:
            sel = own[id(prof)]
            runs = sel.merged(given)
            # VL914 embeds the strategy: measured by `profile check` only; a judgement on what a
            # check can do (VL915: VL402) only when that check runs
            findings.extend(profile_findings(prof, [r for r in rules if r.code != "VL914" and (
                r.code not in ABOUT_CHECK or o.semantic and runs.enabled(ABOUT_CHECK[r.code]))],
                own_checks(sel).merged(given)))
        sel = sel.merged(given)
        engine = (cluster.engine if cluster is not None else Engine)(post_rules, prof, sel, semantic=o.semantic,
                        options={"model": o.model, "cache_dir": o.cache_dir, "nlp": o.nlp,
                                 "results_cache": o.cache, "embedding_backend": o.embedding_backend},
                        report_unused_disables=o.report_unused_disables, stream=_streamer(o, *vale))
        ctx = Context(prof, engine.options)
        if progress is not None and total == 0:
            progress.start(len(posts))
        try:
            result = engine.run(group, ctx, jobs=_jobs(o.jobs), progress=progress.update if progress else None)
        except BaseException:
            if progress is not None:
                progress.close()
            raise
        findings.extend(result.findings)
        undeclared = _undeclared_platforms(prof, group)
        notices.extend(n for n in ([undeclared] if undeclared else []) + result.notices if n not in notices)
        total += len(group)
    if progress is not None:
        progress.close()
    findings.sort(key=lambda f: f.sort_key)
    return Result(findings=findings, notices=notices, posts=total)


def _vale_setup(o: Options, notices: list[str]):
    """The ``.vale.ini`` of the run (given, or found as Vale finds it) and its rules."""
    if o.vale_config is False:
        return None, []
    path = o.vale_config or valeini.find()
    if not path:
        return None, []
    cfg = valeini.load(path)
    notices.extend(n for n in cfg.notices if n not in notices)
    return cfg, valeini.rules(cfg, notices)


def lint(texts_or_paths, profile=None, *, platform: str | None = None, lang: str | None = None,
         select=None, ignore=None, semantic: bool = True, rules=None, model: str | None = None,
         cache_dir: str | None = None) -> list[Finding]:
    """Lint texts and/or paths against a brand profile; returns the findings.

    ``texts_or_paths``: a string, a Path, or a list of them (strings that name an existing
    file or folder are read as drafts; other strings are post texts). ``profile``: a path, a
    dict in the profile format, or a loaded :class:`~voicelint.inputs.profile.Profile`. ``platform``
    and ``lang`` apply to texts given as strings. Raises :class:`~voicelint.shared.errors.UserError`
    on bad input.
    """
    if isinstance(texts_or_paths, (str, Path)):
        texts_or_paths = [texts_or_paths]
    meta = {k: v for k, v in (("platform", platform), ("lang", lang)) if v}
    opts = Options(profile=profile, select=list(select or []), ignore=list(ignore or []),
                   semantic=semantic, rules=list(rules or []), model=model, cache_dir=cache_dir)
    return run(texts_or_paths, opts, meta=meta or None).findings


def check_options(fail_on: str) -> None:
    if fail_on not in ("error", "warning", "info"):
        raise ConfigError(f"--fail-on: expected error, warning or info, got '{fail_on}'")
