"""Command line: parse options, call the API, pick a formatter, set the exit code.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, profile,
configuration or input error (one line on stderr, never a traceback).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from voicelint import __version__
from voicelint.outputs import formatters
from voicelint.shared.errors import UserError
from .findings import SEVERITIES, severity_rank

CODES_HELP = "comma-separated codes or prefixes (VL1, VL203, Microsoft.We)"


def _split(values) -> list[str]:
    out = []
    for v in values or ():
        out.extend(c.strip() for c in v.split(",") if c.strip())
    return out


def _codes(cfg, select, ignore) -> dict:
    """Options' select, ignore, severity and where each code came from. ``--select`` replaces the
    config's ``select``; the config's ``ignore`` plus ``--ignore``, less what ``--select`` names
    (the command line wins; at equal length an ignore beats a select)."""
    chosen = _split(select)
    placed = cfg.code_origins()
    origins = {k: v for k, v in placed.items() if k[0] == "select"}
    if chosen:
        origins = {("select", i): {"key": "--select"} for i in range(len(chosen))}
    ignores = [(c, cfg.place("ignore", i)) for i, c in enumerate(cfg.ignore) if c not in chosen]
    ignores += [(c, {"key": "--ignore"}) for c in _split(ignore)]
    origins.update({("ignore", i): where for i, (_, where) in enumerate(ignores)})
    origins.update({k: v for k, v in placed.items() if k[0] == "severity"})
    return {"select": chosen or list(cfg.select), "ignore": [c for c, _ in ignores],
            "severity": dict(cfg.severity), "origins": origins}


def _fail(err: UserError):
    click.echo(f"voicelint: error: {err}", err=True)
    sys.exit(err.exit_code)


class Guard(click.Group):
    """Turn a user mistake raised anywhere into one line on stderr and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as err:
            _fail(err)
        except KeyboardInterrupt:
            click.echo("voicelint: interrupted", err=True)
            sys.exit(130)


def write_output(text: str, output: str | None) -> None:
    """Write to stdout, or atomically to ``output`` (never a half-written file)."""
    if not output:
        click.echo(text, nl=False)
        return
    from voicelint.shared.fsutil import atomic_write
    try:
        atomic_write(Path(output), text)
    except OSError as exc:
        raise UserError(f"cannot write the output file: {exc.strerror or exc}", path=output) from None


@click.group(cls=Guard, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="voicelint")
def cli():
    """voicelint: keep every post in your brand's voice and on strategy."""


def _load_config(config_path):
    from voicelint.inputs import config as config_mod
    return config_mod.load(config_path)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False), help="Brand profile (YAML).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: voicelint.yaml or [tool.voicelint] found upwards).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif", "rdjsonl", "jsonl"]),
              help="Output format (github when GITHUB_ACTIONS=true).")
@click.option("--select", multiple=True, help=f"Only these rules: {CODES_HELP}.")
@click.option("--ignore", multiple=True, help=f"Skip these rules: {CODES_HELP}.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Exit 1 on findings at or above this severity [error].")
@click.option("--no-semantic", is_flag=True, help="Skip checks that need embeddings (VL4xx, VL210, VL5xx).")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(), help="Extra rule pack (Vale format); repeatable.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to this file (atomically); JSON to a .jsonl file is "
              "written as the run goes (to FILE.partial, then renamed).")
@click.option("--report-unused-disables", is_flag=True, help="Report suppression directives that suppress nothing.")
@click.option("--model", help="Embedding model: installed package name or local path.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder (embeddings, findings).")
@click.option("--no-cache", is_flag=True, help="Check every post again: neither read nor write the findings cache.")
@click.option("--fix", "fix", is_flag=True, help="Apply safe fixes, then report what remains.")
@click.option("--diff", "diff", is_flag=True, help="Print a diff of what --fix would change; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix/--diff, also apply unsafe fixes.")
@click.option("--jobs", "-j", type=click.IntRange(min=0),
              help="Worker processes for per-post rules on big folders (0: one per core) [1].")
@click.option("--vale-config", type=click.Path(dir_okay=False),
              help="A Vale .vale.ini to run (default: found as Vale finds it; 'none': not read).")
@click.option("--scheduler", help="Run on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' "
              "(or local:N) for one on this machine (pip install 'voicelint[dask]'; docs/scale.md).")
def check(paths, profile_path, config_path, fmt, select, ignore, fail_on, no_semantic, rule_packs,
          output, report_unused_disables, model, cache_dir, no_cache, fix, diff, unsafe_fixes, jobs,
          vale_config, scheduler):
    """Lint drafts (files or folders) against a brand profile."""
    from .api import Options, load_rules, run

    cfg = _load_config(config_path)
    if not paths:
        raise click.UsageError("give at least one draft file or folder")
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else (cfg.format or "text")
    opts = Options(
        profile=profile_path or cfg.profile,
        profiles=[] if profile_path else list(cfg.profiles),
        rules=list(cfg.rules) + list(rule_packs),
        **_codes(cfg, select, ignore),
        semantic=not no_semantic and cfg.semantic is not False,
        model=model or cfg.model, cache_dir=cache_dir or cfg.cache_dir, nlp=cfg.nlp,
        embedding_backend=cfg.embedding_backend,
        report_unused_disables=report_unused_disables, cache=not no_cache,
        exclude=list(cfg.exclude), exclude_root=os.path.dirname(cfg.path) if cfg.path else None,
        jobs=jobs if jobs is not None else (cfg.jobs or 1), scheduler=scheduler or cfg.scheduler,
        vale_config=False if vale_config == "none" else vale_config,
    )
    fail_on = fail_on or cfg.fail_on or "error"
    from voicelint.outputs import stream as outstream
    from voicelint.outputs.progress import Bar
    stream = None
    if outstream.wanted(fmt, output) and not (fix or diff):  # JSON Lines, written as it comes
        fmt = "jsonl"
        stream = opts.stream = outstream.JsonLinesStream(output)
    try:
        result = run([Path(p) for p in paths], opts, progress=Bar())
    except BaseException:
        if stream is not None:
            kept = stream.abandon()
            if kept:
                click.echo(f"voicelint: note: {kept}", err=True)
        raise
    if fix or diff:
        from voicelint.outputs.fix import fix_command
        result, diff_text = fix_command([Path(p) for p in paths], opts, result, unsafe_fixes, diff_only=diff)
        if diff_text is not None:  # --diff: the diff only; exit 1 when there is something to fix
            for n in result.notices:
                click.echo(f"voicelint: note: {n}", err=True)
            write_output(diff_text, output)
            sys.exit(1 if diff_text else 0)
    for n in result.notices:
        click.echo(f"voicelint: note: {n}", err=True)
    color = fmt == "text" and not output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    meta = formatters.rules_meta(load_rules(opts.rules)) if fmt in ("sarif", "rdjsonl") else {}
    from .api import NO_PROFILE
    text = formatters.render(fmt, result.findings, result.notices, {"posts": result.posts, "no_profile":
                             NO_PROFILE in result.notices}, rules=meta, color=color)
    if stream is not None:
        stream.finish(text)
    else:
        write_output(text, output)
    worst = max((severity_rank(f.severity) for f in result.findings), default=-1)
    sys.exit(1 if worst >= severity_rank(fail_on) else 0)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--html", "-o", "html_out", required=True, type=click.Path(dir_okay=False),
              help="Write the report here (one self-contained HTML file, written atomically).")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False), help="Brand profile (YAML).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: voicelint.yaml or [tool.voicelint] found upwards).")
@click.option("--select", multiple=True, help=f"Only these rules: {CODES_HELP}.")
@click.option("--ignore", multiple=True, help=f"Skip these rules: {CODES_HELP}.")
@click.option("--no-semantic", is_flag=True, help="Style features only: no embeddings (no pillar mix without keywords).")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(), help="Extra rule pack (Vale format); repeatable.")
@click.option("--model", help="Embedding model: installed package name or local path.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Embedding cache folder.")
@click.option("--title", help="Title of the page.")
@click.option("--scheduler", help="Run on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' "
              "(or local:N) for one on this machine (pip install 'voicelint[dask]'; docs/scale.md).")
def report(paths, html_out, profile_path, config_path, select, ignore, no_semantic, rule_packs, model,
           cache_dir, title, scheduler):
    """HTML report: persona per platform, drift per author and over time, pillar mix, findings."""
    from voicelint.outputs.report import page as report_mod
    from .api import Options

    cfg = _load_config(config_path)
    if not paths:
        raise click.UsageError("give at least one draft file or folder")
    if not (profile_path or cfg.profile or cfg.profiles):
        raise click.UsageError("give --profile (or a voicelint.yaml with profile/profiles)")
    opts = Options(
        profile=profile_path or cfg.profile, profiles=[] if profile_path else list(cfg.profiles),
        rules=list(cfg.rules) + list(rule_packs), **_codes(cfg, select, ignore),
        semantic=not no_semantic and cfg.semantic is not False,
        model=model or cfg.model, cache_dir=cache_dir or cfg.cache_dir, nlp=cfg.nlp,
        embedding_backend=cfg.embedding_backend,
        exclude=list(cfg.exclude), exclude_root=os.path.dirname(cfg.path) if cfg.path else None,
        scheduler=scheduler or cfg.scheduler,
    )
    page = report_mod.build([Path(p) for p in paths], opts, title=title)
    report_mod.write(html_out, page)
    click.echo(f"voicelint: report written to {html_out}", err=True)


@cli.group()
def profile():
    """Check or learn a brand profile."""


@profile.command("learn")
@click.option("--examples", type=click.Path(),
              help="Approved posts: a folder of drafts, a .jsonl or a .csv calendar, or a platform export "
                   "[with --base: the posts it was learned from, learned.examples].")
@click.option("--competitors", type=click.Path(), help="Competitors' posts (same formats), for the brand-swap test.")
@click.option("--base", type=click.Path(dir_okay=False), help="Profile whose declarations the learned one keeps.")
@click.option("--name", help="Brand name (needed without --base).")
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of the posts [base profile's, or guessed].")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Learned profile to write (.yaml).")
@click.option("--model", help="Embedding model: installed package name or local path.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Embedding cache folder.")
@click.option("--no-proposal", is_flag=True,
              help="Without a proposition and pillars, do not propose them (VL4xx stay off).")
def profile_learn(examples, competitors, base, name, lang, out, model, cache_dir, no_proposal):
    """Learn the brand's voice (and calibrate thresholds) from approved posts."""
    from voicelint.judgement.learn import learn_profile, recorded_examples

    if not examples:
        examples = recorded_examples(base) if base else None
        if not examples:
            raise UserError("profile learn: give --examples (the approved posts to learn from)" +
                            (f"; {base} records none (learned.examples)" if base else ""))
    s = learn_profile(examples, out, competitors=competitors, base=base, name=name, lang=lang,
                      model=model, cache_dir=cache_dir, propose_strategy=not no_proposal)
    posts = ", ".join(f"{k} {v}" for k, v in s["posts"].items())
    click.echo(f"wrote {s['profile']} and {s['voice_model']} ({s['lang']}; posts: {posts})")
    if s.get("set_aside"):
        click.echo(s["set_aside"])
    click.echo("thresholds: " + ", ".join(f"{k} {v:g}" for k, v in s["thresholds"].items()))
    for line in s["norms"]:
        click.echo(line)
    fa = s["false_alarms"]
    src = "default" if fa["target_source"] == "default" else "thresholds.false_alarm_target"
    if fa.get("expected") is not None:
        by = ", ".join(f"{k} {v:.1%}" for k, v in fa["by_rule"].items() if v)
        click.echo(f"false alarms: target {fa['false_alarm_target']:.1%} ({src}), expected "
                   f"{fa['expected']:.1%} of approved posts out of fold" + (f" ({by})" if by else "")
                   + (f"; a new post: about {fa['expected_new']:.1%}" if fa.get("expected_new") else ""))
        if fa.get("declared"):
            click.echo(f"false alarms: {fa['declared']:.1%} of the approved posts break only what the profile "
                       f"declares ({', '.join(fa.get('declared_codes') or [])}): your policy, on top of the "
                       f"target; the learned checks keep {fa['false_alarm_target']:.1%} (raise the declared "
                       "limit if those posts are fine)")
    if fa.get("too_few"):
        click.echo(f"false alarms: {fa['too_few']}")
    if not s["strategy"]:
        click.echo("no proposition and pillars: strategy checks (VL4xx) will be off with this profile")
    if s.get("proposal_skipped"):
        click.echo(f"no strategy proposed: {s['proposal_skipped']}")
    if s.get("proposed"):
        click.echo(f"proposed strategy (review it in the profile): {len(s['proposed']['pillars'])} pillars "
                   f"({', '.join(s['proposed']['pillars'])}); voice: {s['proposed']['voice']}")
    if s.get("separation"):
        click.echo(s["separation"])


@profile.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file naming the profiles when no FILE is given (default: found upwards).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif", "rdjsonl"]), default=None)
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="error")
def profile_check(files, config_path, fmt, fail_on):
    """Validate a profile and report VL9xx findings about it (FILE: default, the profiles that
    voicelint.yaml names)."""
    from voicelint.inputs import profile as profile_mod
    from .api import known_codes, load_rules, own_checks, profile_findings, profile_selection

    if not files:
        cfg = _load_config(config_path)
        files = tuple(dict.fromkeys([p for p in [cfg.profile, *cfg.profiles] if p]))
        if not files:
            where = f"{cfg.path} names no profile" if cfg.path else "no voicelint.yaml found here or above"
            raise UserError(f"profile check: give a profile FILE ({where})")
    rules = load_rules()
    found = []
    for file in files:
        prof = profile_mod.load(file)
        # an unknown code is refused as `check` refuses it; the profile's select hides no VL9xx
        sel = own_checks(profile_selection(prof, known_codes(rules)))
        if sel.enabled("VL914"):
            from voicelint.judgement.strategy.calibration import attach_judgeability
            from voicelint.judgement.strategy.calibration import separation_line
            note = attach_judgeability(prof) or separation_line(getattr(prof, "strategy_separation", None))
            if note:
                click.echo(note, err=True)
        found += profile_findings(prof, rules, sel)
    found.sort(key=lambda f: f.sort_key)
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    color = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    meta = formatters.rules_meta(rules)
    write_output(formatters.render(fmt, found, [], {"posts": 0, "profile": ", ".join(files)}, rules=meta,
                                   color=color), None)
    worst = max((severity_rank(f.severity) for f in found), default=-1)
    sys.exit(1 if worst >= severity_rank(fail_on) else 0)


def _stdin_is_tty() -> bool:
    return sys.stdin.isatty()


def _ask_sources() -> list[str]:
    """Exports to learn from, asked again until every path exists (quotes keep a path with spaces
    whole; ``~`` is the home folder)."""
    import shlex
    while True:
        given = click.prompt("Exports or folders of published posts to learn from (space-separated, "
                             "empty for none)", default="", show_default=False)
        try:
            items = [os.path.expanduser(x) for x in shlex.split(given)]
        except ValueError as exc:       # an unclosed quote
            click.echo(f"  {exc}: try again", err=True)
            continue
        missing = [x for x in items if not Path(x).exists()]
        if missing:
            click.echo(f"  not found: {', '.join(missing)}; give paths that exist (quote a path with spaces), "
                       "or nothing", err=True)
            continue
        unreadable = _unreadable(items)
        if unreadable is None:
            return items
        click.echo(f"  {unreadable}; give exports voicelint reads, or nothing", err=True)


def _unreadable(items: list[str]) -> str | None:
    """The first of the given exports that cannot be read, as its one-line error (asked again,
    rather than an exit as for --from)."""
    from voicelint.inputs.profile import read_example_posts
    for item in items:
        try:
            read_example_posts(Path(item), "")
        except UserError as exc:
            return str(exc)
    return None


_LANGS = {"fr": "fr", "french": "fr", "français": "fr", "francais": "fr", "en": "en", "english": "en",
          "anglais": "en"}


def _lang_value(value: str) -> str:
    """The language a person types ("fr", "French", "français", "fr-FR") as fr or en."""
    v = str(value).strip().lower()
    lang = _LANGS.get(v) or _LANGS.get(v.split("-")[0].split("_")[0])
    if lang is None:
        raise click.BadParameter(f"'{value}': expected fr or en (French or English)")
    return lang


def _ask_platforms(platforms_mod) -> list[str]:
    """Platforms, asked again until every one is known."""
    while True:
        plats = [platforms_mod.canonical(p) for p in
                 _split([click.prompt("Platforms (comma-separated)", default="linkedin,instagram")])]
        unknown = [p for p in plats if not platforms_mod.is_known(p)]
        if plats and not unknown:
            return plats
        click.echo(f"  unknown platform '{(unknown or [''])[0]}'; expected some of "
                   f"{', '.join(platforms_mod.KNOWN)}", err=True)


@cli.command()
@click.option("--no-input", is_flag=True, help="Ask nothing: take --name, --lang and --from (like cookiecutter --no-input).")
@click.option("--name", help="The brand's name.")
@click.option("--lang", callback=lambda ctx, param, v: v and _lang_value(v),
              help="Language of the posts: fr or en [guessed from --from].")
@click.option("--from", "sources", multiple=True, type=click.Path(),
              help="Published posts to learn the voice from: an export (X archive, Instagram/Facebook JSON, "
                   "LinkedIn Shares.csv, Mastodon outbox.json) or drafts; repeatable.")
@click.option("--platform", "platforms", multiple=True, help="Platforms the brand posts on [those of the exports].")
@click.option("--dir", "root", default=".", type=click.Path(file_okay=False), help="Folder to set up [.].")
@click.option("--force", is_flag=True, help="Overwrite files that exist (each one is named).")
@click.option("--model", help="Embedding model: installed package name or local path.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Embedding cache folder.")
def init(no_input, name, lang, sources, platforms, root, force, model, cache_dir):
    """Scaffold a working set-up: voicelint.yaml, a profile, pre-commit and a GitHub workflow."""
    from voicelint.inputs import platforms as platforms_mod
    from voicelint.integrations.scaffold import Plan, run

    sources, plats = list(sources), [platforms_mod.canonical(p) for p in _split(platforms)]
    if not no_input and _stdin_is_tty():
        name = name or click.prompt("Brand name", default=Path(root).resolve().name)
        if not sources:
            sources = _ask_sources()
        if not sources:  # with exports, the language and platforms come from the posts
            lang = lang or click.prompt("Language of the posts (fr, en)", default="fr", value_proc=_lang_value)
            plats = plats or _ask_platforms(platforms_mod)
    if not name:
        raise UserError("init: give --name (the brand's name), or run it on a terminal to be asked")
    unknown = [p for p in plats if not platforms_mod.is_known(p)]
    if unknown:
        raise UserError(f"--platform: unknown platform '{unknown[0]}'; expected one of {', '.join(platforms_mod.KNOWN)}")
    plan = Plan(Path(root), name, lang, sources, plats, force, model, cache_dir)
    for line in run(plan):
        click.echo(line)
    git = "`pre-commit install`" if _in_git(Path(root)) else "`git init` and `pre-commit install` (a hook needs a Git repository)"
    click.echo(f"next: write drafts under drafts/, run `voicelint check drafts`, and {git}")


def _in_git(folder: Path) -> bool:
    """Whether ``folder`` is inside a Git work tree (``pre-commit install`` fails outside one)."""
    return any((p / ".git").exists() for p in (folder.resolve(), *folder.resolve().parents))


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(fmt):
    """List every rule: code, default severity, language, what it checks."""
    import json

    from .api import ENGINE_RULES, load_rules
    rows = []
    for r in sorted(load_rules(), key=lambda r: (r.code, r.lang or "")):
        rows.append({"code": r.code, "severity": r.severity, "lang": r.lang or "all", "type": r.type,
                     "description": r.description})
    for code, (sev, desc) in ENGINE_RULES.items():
        rows.append({"code": code, "severity": sev, "lang": "all", "type": "engine", "description": desc})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['code']:<7} {row['severity']:<8} {row['lang']:<4} {row['description']}")


@cli.command()
@click.argument("code")
def explain(code):
    """Explain a rule: what it checks, with a failing and a passing example."""
    from .api import ENGINE_RULES, load_rules
    from voicelint.shared.messages import did_you_mean_code
    code = code.strip()
    matches = [r for r in load_rules() if r.code.lower() == code.lower()]
    if not matches:
        if code.upper() in ENGINE_RULES:
            sev, desc = ENGINE_RULES[code.upper()]
            click.echo(f"{code.upper()} ({sev})\n\n{desc}")
            return
        known = sorted({r.code for r in load_rules()} | set(ENGINE_RULES))
        raise UserError(f"unknown rule code '{code}'{did_you_mean_code(code, known)}; see `voicelint rules`")
    for r in matches:
        lang = f", {r.lang}" if r.lang else ""
        click.echo(f"{r.code} ({r.severity}{lang}, {r.type})")
        click.echo("")
        click.echo(r.description)
        ex = r.examples or {}
        if ex.get("profile"):
            import yaml
            click.echo("\nWith this in the profile:")
            one = yaml.safe_dump(ex["profile"], allow_unicode=True, default_flow_style=True, width=10_000,
                                 sort_keys=False).strip()
            if len(one) <= 100:     # a key or two: one line; a whole strategy: as it is written
                click.echo("  " + one)
            else:
                block = yaml.safe_dump(ex["profile"], allow_unicode=True, default_flow_style=False,
                                       sort_keys=False, width=100)
                click.echo("\n".join("  " + line for line in block.rstrip().splitlines()))
        if ex.get("platform"):
            click.echo(f"On {ex['platform']}:")
        for label, key in (("Fails", "fail"), ("Passes", "pass")):
            if ex.get(key):
                click.echo(f"\n{label}:")
                items = ex[key] if isinstance(ex[key], list) else [ex[key]]  # set rules: several posts
                for item in items:
                    for j, line in enumerate(str(item).rstrip().splitlines()):
                        click.echo(("  - " if j == 0 else "    ") + line if len(items) > 1 else f"  {line}")
        if r.link:
            click.echo(f"\nMore: {r.link}")
        if len(matches) > 1:
            click.echo("\n" + "-" * 40)


def main():
    cli(prog_name="voicelint")


if __name__ == "__main__":
    main()
