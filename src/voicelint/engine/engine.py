"""Runs checks over posts and sets of posts; applies select/ignore/severity and suppression.

files -> Posts (documents) -> checks (rules) -> Findings -> (formatter, in the CLI)
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from typing import Callable

from voicelint.inputs import suppress
from voicelint.checks._match import TIMEOUT
from voicelint.checks.base import Hit
from .context import Context
from voicelint.shared.errors import RuleError
from voicelint.findings import Finding
from voicelint.shared.lang import guess_lang
from .rules import Rule
from .selection import Selection

# Context, Selection and guess_lang moved to their own modules; importable from here as before.
__all__ = ["CHUNK", "Context", "Engine", "Result", "Selection", "guess_lang"]

log = logging.getLogger("voicelint")


@dataclass
class Result:
    findings: list[Finding]
    notices: list[str]
    posts: int = 0


def _key(f: Finding) -> tuple:
    """A finding's identity within its post (what a stream must not send twice)."""
    return (f.line, f.column, f.end_line, f.end_column, f.code, f.severity, f.message)


_PAST_HABIT = {
    "en": " ({n} in this post; the brand's habit, learned from its approved posts, is {k} at most)",
    "fr": " ({n} dans ce post ; l'habitude de la marque, apprise de ses posts approuvés, est de {k} au plus)",
}


def over_habit(found: list[Finding], habits: dict[str, int], levels: dict[str, str],
               lang: str | None = None) -> list[Finding]:
    """A post's findings with a learned habit applied: ``profile learn`` made a rule ``info``
    because the brand's own posts use it (an "Order now" now and then), and ``rules.habits``
    keeps the most findings of it one approved post has; a post with more gets the rule's own
    severity back on them, and the message says how far past the habit it is ("BUY NOW!!!
    LIMITED TIME ONLY. Don't miss out, order today" is not the brand's one "Order now")."""
    from dataclasses import replace

    counts: dict[str, int] = {}
    for f in found:
        if f.code in habits and f.severity == "info":
            counts[f.code] = counts.get(f.code, 0) + 1
    past = {c: n for c, n in counts.items() if n > habits[c] and levels.get(c, "info") != "info"}
    if not past:
        return found
    words = _PAST_HABIT.get(lang or "en", _PAST_HABIT["en"])
    out = []
    for f in found:
        if f.code in past and f.severity == "info":
            msg = f.message.rstrip(".") + words.format(n=past[f.code], k=habits[f.code]) + "."
            f = replace(f, severity=levels[f.code], message=msg,
                        evidence={**(f.evidence or {}), "habit": habits[f.code], "in_post": past[f.code]})
        out.append(f)
    return out


def _drop_superseded(found: list[Finding], supersedes: dict[str, set]) -> list[Finding]:
    """Drop a finding when a rule that supersedes its code covers the same span (VL104 > VL105):
    one span contains the other. Sorted starts and a running maximum of ends keep it near
    linear (a 1 MB line can carry thousands of findings)."""
    strong = sorted((f for f in found if f.code in supersedes), key=lambda f: (f.line, f.column))
    if not strong:
        return found
    weak = set().union(*supersedes.values())
    starts = [(s.line, s.column) for s in strong]
    reach, far = [], (0, 0)  # reach[i]: the furthest end among strong[:i + 1]
    for s in strong:
        far = max(far, (s.end_line, s.end_column))
        reach.append(far)

    def dropped(f: Finding) -> bool:
        if f.code not in weak:
            return False
        a, b = (f.line, f.column), (f.end_line, f.end_column)
        i = bisect.bisect_right(starts, b) - 1
        while i >= 0 and (starts[i] >= a or reach[i] >= b):
            s = strong[i]
            if f.code in supersedes[s.code] and (
                    starts[i] >= a and (s.end_line, s.end_column) <= b          # f contains s
                    or starts[i] <= a and (s.end_line, s.end_column) >= b):     # s contains f
                return True
            i -= 1
        return False
    return [f for f in found if not dropped(f)]


def _too_slow(rule: Rule, where: str) -> RuleError:
    return RuleError(f"rule {rule.code}: a pattern took more than {TIMEOUT:.0f} s on {where} "
                     "(catastrophic backtracking?); fix or remove the rule", path=rule.path)


#: Posts checked together: their spaCy docs are made in one batch and released after.
CHUNK = 64


class Engine:
    """Runs rules over posts: the post pass (post-scope rules, a chunk of posts at a time, from
    the findings cache when it can), then the set pass (drift, pillar balance: set-scope rules over
    the whole set), then supersession and inline suppression per post. ``selection`` enables rules
    and sets severities; ``options`` reach the checks (model, cache folder, spaCy pipelines);
    ``stream`` is told findings as they are final. ``run`` returns a :class:`Result`."""

    def __init__(self, rules: list[Rule], profile=None, selection: Selection | None = None,
                 semantic: bool = True, options: dict | None = None,
                 report_unused_disables: bool = False, stream: Callable | None = None):
        self.profile = profile
        #: ``stream(post, findings)``, told each post's findings as soon as they are final (its
        #: post-scope findings after the post pass, then the set-scope ones and the directives'
        #: own findings at the end), for output written as the run goes (``check --output x.jsonl``).
        self.stream = stream
        self._streamed: dict[int, set] = {}
        self.selection = selection or Selection()
        self.semantic = semantic
        self.options = dict(options or {})
        self.options.setdefault("semantic", semantic)  # checks that can use embeddings ask this
        self.report_unused = report_unused_disables
        self.rules = [r for r in rules if self.selection.enabled(r.code)]
        if not semantic:
            self.rules = [r for r in self.rules if "semantic" not in r.needs]
        self.known_codes = {r.code for r in rules}
        #: code -> codes it supersedes on the same span (VL104 > VL105)
        self.supersedes = {r.code: set(r.supersedes) for r in self.rules if r.supersedes}
        #: code -> the most findings of it an approved post has (``rules.habits``, learned)
        rules_data = ((profile.data.get("rules") if profile is not None else None) or {})
        self.habits = {k: int(v) for k, v in (rules_data.get("habits") or {}).items()
                       if isinstance(v, int) and not isinstance(v, bool)}
        self.levels = {r.code: r.severity for r in self.rules}

    def _finding(self, rule: Rule, post, hit: Hit, lang: str | None = None) -> Finding | None:
        sev = self.selection.severity_for(rule.code, hit.severity or rule.severity)
        if sev is None:
            return None
        line, col, end_line, end_col = post.span(hit.start, hit.end)
        return Finding(
            path=post.path, line=line, column=col, end_line=end_line, end_column=end_col,
            code=rule.code, severity=sev, message=hit.message or rule.format_message(hit.args, post.meta.get("lang") or lang),
            platform=post.platform, brand=(self.profile.id if self.profile else post.brand),
            score=hit.score, threshold=hit.threshold, evidence=hit.evidence, fix=hit.fix,
            post_id=post.id,
        )

    def run(self, posts: list, ctx: Context | None = None, jobs: int = 1,
            progress: Callable[[int], None] | None = None) -> Result:
        """Findings for ``posts``. Post-scope rules run in chunks (spaCy docs made in batches,
        released after each chunk), in ``jobs`` worker processes when > 1 (:mod:`.parallel`);
        set-scope rules run here on the whole set. ``progress(n)`` is told of posts done."""
        ctx = ctx or Context(self.profile, self.options)
        findings: list[Finding] = []
        post_rules = [r for r in self.rules if not r.set_scope]
        set_rules = [r for r in self.rules if r.set_scope]
        per_post = self._post_pass(posts, post_rules, ctx, jobs, progress)
        for post, rule, hit in self._set_pass(posts, set_rules, ctx):
            f = self._finding(rule, post, hit, ctx.lang(post))
            if f:
                per_post.setdefault(id(post), []).append(f)
        for post in posts:
            final = self._final(post, per_post.get(id(post), []), ctx.lang(post))
            findings.extend(final)
            if self.stream is not None:
                sent = self._streamed.pop(id(post), set())
                rest = [f for f in final if _key(f) not in sent]
                if rest:
                    self.stream(post, rest)
        findings.sort(key=lambda f: f.sort_key)
        return Result(findings=findings, notices=ctx.notices, posts=len(posts))

    def _final(self, post, found: list[Finding], lang: str | None, unused: bool = True) -> list[Finding]:
        """``post``'s findings as reported: superseded ones dropped, past a learned habit back to
        the rule's severity, then inline suppression."""
        if self.supersedes:
            found = _drop_superseded(found, self.supersedes)
        if self.habits:   # lang: the post's, which a habit's words are in
            found = over_habit(found, self.habits, self.levels, lang)
        return self._suppress(post, found, unused=unused)

    def emit(self, post, found: list[Finding], lang: str | None) -> None:
        """Stream ``post``'s post-scope findings (``self.stream``), as final as they can be before
        the set pass: superseded and suppressed as :meth:`run` does. No set-scope rule supersedes
        a post-scope code and a directive covers a finding whatever else the post has, so each one
        streamed is in the final result; :meth:`run` streams the rest (set-scope findings and
        unused directives) at the end, never one twice."""
        if self.stream is None:
            return
        kept = self._final(post, found, lang, unused=False)
        self._streamed[id(post)] = {_key(f) for f in kept}
        if kept:
            self.stream(post, kept)

    def _post_pass(self, posts: list, rules: list[Rule], ctx: Context, jobs: int = 1,
                   progress: Callable[[int], None] | None = None) -> dict[int, list[Finding]]:
        """Findings of the post-scope ``rules``, per ``id(post)``, in rule order. Posts whose
        results are in the results cache (:mod:`.resultcache`) are not checked again."""
        from . import resultcache as rc

        store = self._result_store()
        fps = [rc.rule_fingerprint(r) for r in rules]
        ran = set(fps)
        keys: dict[int, str] = {}
        records: dict[int, dict] = {}
        todo: dict[tuple, list] = {tuple(range(len(rules))): posts} if posts else {}  # rules to run -> posts
        if store is not None:
            env = rc.env_fingerprint(self.profile, self.options)
            ctx.results = (store, env)
            keys, records, todo = rc.lookup(store, env, posts, fps, ctx.lang)
            ctx.post_keys.update(keys)
            waiting = {id(p) for group in todo.values() for p in group}
            if self.stream is not None:
                for p in posts:
                    if id(p) not in waiting:
                        self.emit(p, self._findings_of(p, records[id(p)], rules, fps, ctx), ctx.lang(p))
            if progress is not None and len(posts) > len(waiting):
                progress(len(posts) - len(waiting))
        fresh = []
        for missing, group in todo.items():
            for post, (pairs, heard) in self._compute(group, [rules[i] for i in missing], ctx, jobs, progress):
                rec = records[id(post)] = rc.merged_record(records.get(id(post)), missing, fps, pairs, heard)
                if store is not None:
                    fresh.append((keys[id(post)], rec))
                if self.stream is not None:
                    self.emit(post, self._findings_of(post, rec, rules, fps, ctx), ctx.lang(post))
        if fresh:
            store.put_many(fresh)
        per_post: dict[int, list[Finding]] = {}
        for post in posts:
            rec = records[id(post)]
            per_post[id(post)] = self._findings_of(post, rec, rules, fps, ctx)
            for n in rc.notices_of(rec, ran):
                ctx.notice(n)
        return per_post

    def _findings_of(self, post, rec: dict, rules: list[Rule], fps: list[str], ctx: Context) -> list[Finding]:
        """The findings of a post's results record (:mod:`.resultcache`), in rule order."""
        from . import resultcache as rc

        lang = ctx.lang(post)
        out = []
        for rule, fp in zip(rules, fps):
            for row in rec["rules"].get(fp, ()):
                f = self._finding(rule, post, rc.hit_from_json(row), lang)
                if f:
                    out.append(f)
        return out

    def _set_pass(self, posts: list, rules: list[Rule], ctx: Context) -> list[tuple]:
        """``(post, rule, Hit)`` of the set-scope ``rules`` over the whole set, in rule order.
        When the results cache is on and the same set (the same posts, in the same order, at
        the same paths) was judged by the same rules before, their hits and notices come from
        the cache: a warm run over unchanged drafts runs no drift test and needs no model.
        The rules are cached together, not one by one: a drift rule skips a group another one
        already reported, so each rule's result depends on the rules before it."""
        from . import resultcache as rc

        if not rules or not posts:
            return []
        key = None
        if ctx.results is not None:
            store, env = ctx.results
            key = rc.set_key(env, [rc.rule_fingerprint(r) for r in rules],
                             [(ctx.post_keys.get(id(p)) or rc.post_key(env, p, ctx.lang(p)), p.path, p.row)
                              for p in posts],
                             semantic=bool(ctx.options.get("semantic", True)))
            cached = rc.set_hits_from_record(store.get_many([key]).get(key), len(posts), len(rules))
            if cached is not None:
                hits, notices = cached
                for n in notices:
                    ctx.notice(n)
                return [(posts[i], rules[j], hit) for i, j, hit in hits]
        before = len(ctx.notices)
        out: list[tuple] = []
        with ctx.listening() as heard:
            for j, rule in enumerate(rules):
                try:
                    out.extend((post, j, hit) for post, hit in rule.module.check_set(rule, posts, ctx))
                except TimeoutError:
                    raise _too_slow(rule, "the drafts") from None
        if key is not None:
            index = {id(p): i for i, p in enumerate(posts)}
            notices = heard + [n for n in ctx.notices[before:] if n not in heard]
            ctx.results[0].put_many([(key, rc.set_record([(index[id(p)], j, hit) for p, j, hit in out],
                                                         notices))])
        return [(post, rules[j], hit) for post, j, hit in out]

    def _result_store(self):
        """The results cache, or None (``--no-cache``, VOICELINT_NO_CACHE, unusable folder)."""
        from . import resultcache as rc

        if not self.options.get("results_cache", True) or rc.disabled_by_env():
            return None
        store = rc.ResultStore(self.options.get("cache_dir"))
        return store if store.usable else None

    def _compute(self, posts: list, rules: list[Rule], ctx: Context, jobs: int = 1,
                 progress: Callable[[int], None] | None = None):
        """``(post, (pairs, notices))`` for ``posts``: ``(rule index, Hit)`` pairs and the
        notices given while judging the post; in worker processes when ``jobs`` > 1."""
        if not posts:
            return []
        if jobs > 1:
            from . import parallel
            done = parallel.post_findings(self, posts, rules, ctx, jobs, progress, chunk_size=CHUNK)
            if done is not None:
                return [(p, done[id(p)]) for p in posts]
        return self._chunks(posts, rules, ctx, progress)

    def _chunks(self, posts: list, rules: list[Rule], ctx: Context, progress):
        """:meth:`_compute` in this process, a chunk at a time (what is done is streamed)."""
        for lo in range(0, len(posts), CHUNK):
            chunk = posts[lo:lo + CHUNK]
            yield from zip(chunk, self.post_findings(chunk, rules, ctx))
            if progress is not None:
                progress(len(chunk))

    def post_findings(self, chunk: list, rules: list[Rule], ctx: Context) -> list[tuple[list, list[str]]]:
        """For each post of ``chunk``: ``(rule index, Hit)`` pairs of the post-scope ``rules``
        and the ``(rule index, notice)`` pairs given while judging it. Posts whose checks will read a spaCy doc get
        it from one ``nlp.pipe`` batch (a check type says so with ``wants_doc(rule, post,
        ctx)``); docs are released after. A check type may also define ``prepare(rule, posts,
        ctx)``, called once per chunk and language before ``check``, to work on the chunk at
        once (one embedding batch instead of one per post); its notices go to every post of that
        language it prepared."""
        need: dict[str, list] = {}
        for post in chunk:
            lang = ctx.lang(post)
            for rule in rules:
                if "spacy" not in rule.needs or not rule.applies_to(lang, post.platform):
                    continue
                wants = getattr(rule.module, "wants_doc", None)
                if wants is None or wants(rule, post, ctx):
                    need.setdefault(lang, []).append(post)
                    break
        for lang, group in need.items():
            ctx.docs(group, lang)
        heard_by_post: dict[int, list[tuple[int, str]]] = {id(p): [] for p in chunk}
        for i, rule in enumerate(rules):
            prepare = getattr(rule.module, "prepare", None)
            if prepare is not None:
                # one call per language: a notice about the posts in one language ("skipped
                # for posts in French") is kept with those posts only, not replayed from the
                # results cache for an English post that happened to share the chunk
                by_lang: dict[str, list] = {}
                for p in chunk:
                    if rule.applies_to(ctx.lang(p), p.platform):
                        by_lang.setdefault(ctx.lang(p), []).append(p)
                for mine in by_lang.values():
                    with ctx.listening() as heard:
                        prepare(rule, mine, ctx)
                    for p in mine:
                        heard_by_post[id(p)].extend((i, n) for n in heard if (i, n) not in heard_by_post[id(p)])
        out = []
        for post in chunk:
            lang = ctx.lang(post)
            pairs: list[tuple[int, Hit]] = []
            mine = heard_by_post[id(post)]
            with ctx.listening() as heard:
                for i, rule in enumerate(rules):
                    if not rule.applies_to(lang, post.platform):
                        continue
                    try:
                        pairs.extend((i, hit) for hit in rule.module.check(rule, post, ctx))
                    except TimeoutError:  # a rule's pattern hit the regex time bound (_match.TIMEOUT)
                        raise _too_slow(rule, post.path) from None
                    if heard:   # kept with the rule that gave it: a run without that rule never replays it
                        mine.extend((i, n) for n in heard if (i, n) not in mine)
                        heard.clear()
            ctx.release(post)
            out.append((pairs, mine))
        return out

    def _suppress(self, post, found: list[Finding], unused: bool = True) -> list[Finding]:
        sup = suppress.parse(post, self._known_code)
        if not sup.directives:
            return found
        kept = [f for f in found if not sup.covers(f.code, f.line)]
        extra = []
        for d, code in sup.bad_codes:
            line, col, end_line, end_col = post.span(d.offset, d.end)  # a directive may span lines
            extra.append(Finding(post.path, line, col, end_line, end_col, "VL911", "warning",
                                 f"unknown rule code '{code}' in a suppression directive",
                                 post.platform, self.profile.id if self.profile else None))
        if self.report_unused and unused:
            for d in sup.unused():
                line, col, end_line, end_col = post.span(d.offset, d.end)
                what = " ".join(d.codes) or "all rules"
                extra.append(Finding(post.path, line, col, end_line, end_col, "VL910", "warning",
                                     f"suppression directive for {what} suppresses nothing",
                                     post.platform, self.profile.id if self.profile else None))
        return kept + extra

    def _known_code(self, code: str) -> bool:
        if code in self.known_codes or code in ("VL910", "VL911"):
            return True
        return any(k.startswith(code) for k in self.known_codes) if code.startswith("VL") else \
            any(k == code or k.startswith(code + ".") for k in self.known_codes)
