"""One process against a Dask cluster on this machine: same findings, how fast, how much memory.

    python bench/scale.py [--data ../shared/data/brand_posts_dev.jsonl] [--posts 5000]
                          [--workers 2] [--no-kill] [--big 0] [--keep DIR]

Writes a calendar (one JSONL file: ``--posts`` posts with platform, author = the account that
wrote it, a month, an id) and a declared profile (bench/run.py's), then runs, each as a
subprocess with an empty cache folder (cold: spaCy, the model and every embedding made again):

- ``one``: ``voicelint check calendar.jsonl`` in one process;
- ``cluster``: the same with ``--scheduler``, on a scheduler and ``--workers`` workers of one
  thread each started for the run on 127.0.0.1 (``dask scheduler`` / ``dask worker``, no
  dashboard), stopped after it;
- ``kill``: the cluster run again, one worker killed (SIGKILL) half-way through: Dask runs its
  partitions again on the other worker;
- ``big`` (with ``--big N``): the cluster run on an N-post calendar, with the workers' memory
  sampled at each quarter of the run (flat memory: the last quarter holds what the first held).

Findings are compared finding for finding (the JSON reports, parsed). Peak memory is each
worker's resident set, sampled every 0.2 s with psutil. Targets: identical findings, cluster
<= 0.75x one process (wall), peak worker memory <= 1.2 GB. Timings depend on the load: the
table prints the load average beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil  # comes with distributed
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run import generated_posts, profile_for, read_posts  # noqa: E402  (bench/run.py)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "brand_posts_dev.jsonl"
TARGETS = {"ratio": 0.75, "worker_gb": 1.2}


def write_calendar(folder: Path, rows: list[dict], n: int) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [r for r in rows if r["lang"] == "en"] or rows
    brands: dict[str, int] = {}
    for r in rows:
        brands[r["brand"]] = brands.get(r["brand"], 0) + 1
    brand = max(brands, key=brands.get)
    prof = profile_for(brand, rows, rows, "en")
    approved = set(prof["voice"]["examples"])
    pool = [r for r in rows if r["text"] not in approved]
    cal = folder / "calendar.jsonl"
    with cal.open("w", encoding="utf-8") as fh:
        for i in range(n):
            r = pool[i % len(pool)]
            rec = {"id": f"p{i}", "platform": r["platform"], "lang": r["lang"], "author": r["brand"],
                   "date": f"2024-{1 + i % 12:02d}-15",
                   "text": r["text"] if i < len(pool) else f"{r['text']} ({i // len(pool)})"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    prof_path = folder / "bench.yaml"
    prof_path.write_text(yaml.safe_dump(prof, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return cal, prof_path


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e.pop("VOICELINT_CACHE_DIR", None)
    e.pop("VOICELINT_NO_CACHE", None)
    e["CI"] = "1"  # no progress bar in the captured stderr
    return e


class Sampler:
    """Peak RSS (MB) of some processes, sampled every 0.2 s; ``marks`` keep the RSS at moments."""

    def __init__(self, pids: dict[str, int]):
        self.procs = {k: psutil.Process(p) for k, p in pids.items()}
        self.peak = {k: 0.0 for k in pids}
        self.now = {k: 0.0 for k in pids}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        while not self._stop.is_set():
            for k, p in self.procs.items():
                try:
                    mb = sum(q.memory_info().rss for q in [p, *p.children(recursive=True)]) / 2 ** 20
                except psutil.Error:
                    continue
                self.now[k] = mb
                self.peak[k] = max(self.peak[k], mb)
            time.sleep(0.2)

    def add(self, name: str, pid: int) -> None:
        try:
            self.procs = {**self.procs, name: psutil.Process(pid)}
            self.peak.setdefault(name, 0.0)
            self.now.setdefault(name, 0.0)
        except psutil.Error:
            pass

    def stop(self):
        self._stop.set()
        self._t.join()


class LoopbackCluster:
    """``dask scheduler`` and ``n`` ``dask worker`` processes on 127.0.0.1 (one thread each)."""

    def __init__(self, n: int, folder: Path):
        self.file = folder / "scheduler.json"
        self.file.unlink(missing_ok=True)
        py = [sys.executable, "-m"]
        self.scheduler = subprocess.Popen(
            py + ["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                  "--scheduler-file", str(self.file)], env=env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not self.file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                self.close()
                sys.exit("bench/scale.py: the Dask scheduler did not start")
            time.sleep(0.2)
        time.sleep(0.3)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [subprocess.Popen(
            py + ["distributed.cli.dask_worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                  "--no-nanny", "--no-dashboard", "--memory-limit", "0", "--name", f"w{i}"],
            env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(n)]
        from distributed import Client
        with Client(self.address, timeout=60) as c:
            c.wait_for_workers(n, timeout=120)

    def close(self):
        for p in [*getattr(self, "workers", []), self.scheduler]:
            if p.poll() is None:
                p.terminate()
        for p in [*getattr(self, "workers", []), self.scheduler]:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def check(cal: Path, prof: Path, out: Path, cache: Path, scheduler: str | None = None,
          on_start=None, times: Path | None = None) -> tuple[float, list]:
    argv = [sys.executable, "-m", "voicelint", "check", str(cal), "--profile", str(prof), "--format", "json",
            "--output", str(out), "--cache-dir", str(cache), "--jobs", "1"]
    if scheduler:
        argv += ["--scheduler", scheduler]
    e = env()
    if times is not None:  # the reducing process writes its per-phase seconds there
        e["VOICELINT_SCALE_TIMES"] = str(times)
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=e, cwd=str(cal.parent), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if on_start is not None:
        on_start(p, t0)
    _, err = p.communicate()
    wall = time.monotonic() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"bench/scale.py: voicelint exited {p.returncode}: {err.strip()[-2000:]}")
    return wall, json.loads(out.read_text(encoding="utf-8"))


def cluster_run(n_workers, cal, prof, work: Path, name: str, kill_after: float | None = None,
                quarters: int | None = None):
    cl = LoopbackCluster(n_workers, work)
    sampler = Sampler({f"w{i}": w.pid for i, w in enumerate(cl.workers)})
    marks: list[dict] = []
    killed: list[str] = []

    def on_start(proc, t0):
        sampler.add("client", proc.pid)

        def watch():
            while proc.poll() is None:
                el = time.monotonic() - t0
                if kill_after is not None and not killed and el >= kill_after:
                    os.kill(cl.workers[0].pid, signal.SIGKILL)
                    killed.append(f"w0 at {el:.0f} s")
                if quarters and len(marks) < 4 and el >= quarters * (len(marks) + 1) / 4:
                    marks.append(dict(sampler.now))
                time.sleep(0.2)
        threading.Thread(target=watch, daemon=True).start()

    try:
        wall, found = check(cal, prof, work / f"{name}.json", work / f"cache-{name}", cl.address, on_start,
                            times=work / f"{name}.times.json")
    finally:
        sampler.stop()
        cl.close()
    client = sampler.peak.pop("client", 0.0)
    for m in marks:
        m.pop("client", None)
    return wall, found, sampler.peak, marks, killed, client


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA if DEFAULT_DATA.exists() else None)
    ap.add_argument("--posts", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-kill", action="store_true", help="skip the run with a worker killed")
    ap.add_argument("--big", type=int, default=0, help="also a cluster run on a calendar this big")
    ap.add_argument("--big-wall", type=float, default=0,
                    help="expected wall of the big run (s), to sample memory at its quarters")
    ap.add_argument("--repeat", type=int, default=1,
                    help="one process and cluster runs, alternated (median wall reported)")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    a = ap.parse_args(argv)
    rows = read_posts(a.data) if a.data else generated_posts(12000)
    work = a.keep or Path(tempfile.mkdtemp(prefix="vl-scale-"))
    cal, prof = write_calendar(work, rows, a.posts)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    log(f"{a.posts} posts in {cal}; load average {os.getloadavg()[0]:.1f}")
    one_wall, one = check(cal, prof, work / "one.json", work / "cache-one")
    log(f"one process: {one_wall:.1f} s, {len(one)} findings")
    wall, many, peak, _, _, client = cluster_run(a.workers, cal, prof, work, "cluster")
    log(f"cluster: {wall:.1f} s, {len(many)} findings, peak {max(peak.values()):.0f} MB")
    walls_one, walls_many = [one_wall], [wall]
    for i in range(1, a.repeat):  # alternate, so both see the same load; medians reported
        w1, again = check(cal, prof, work / "one.json", work / f"cache-one{i}")
        w2, again_many, pk, _, _, _ = cluster_run(a.workers, cal, prof, work, f"cluster{i}")
        walls_one.append(w1)
        walls_many.append(w2)
        peak = {k: max(v, pk.get(k, 0.0)) for k, v in peak.items()}
        if again != one or again_many != one:
            many = again_many if again_many != one else many
        log(f"repeat {i}: one {w1:.1f} s, cluster {w2:.1f} s; load {os.getloadavg()[0]:.1f}")
    one_wall, wall = statistics.median(walls_one), statistics.median(walls_many)
    phases = json.loads((work / "cluster.times.json").read_text()) if (work / "cluster.times.json").exists() else {}
    lines = ["| run | posts | wall s | vs one | findings | identical | peak MB per worker | note |",
             "|---|---|---|---|---|---|---|---|"]
    ok = True

    def row(name, n, w, found, pk, note=""):
        nonlocal ok
        same = found == one
        ok &= same
        mem = " / ".join(f"{v:.0f}" for v in pk.values()) if pk else "-"
        lines.append(f"| {name} | {n} | {w:.1f} | {w / one_wall:.2f}x | {len(found)} | "
                     f"{'yes' if same else 'NO'} | {mem} | {note} |")

    each = (lambda ws: f"; runs {' / '.join(f'{w:.0f}' for w in ws)} s" if len(ws) > 1 else "")
    lines.append(f"| one process | {a.posts} | {one_wall:.1f} | 1.00x | {len(one)} | - | - | --jobs 1"
                 f"{each(walls_one)} |")
    row("cluster", a.posts, wall, many, peak, f"{a.workers} workers x 1 thread; reducing process {client:.0f} MB"
        f"{each(walls_many)}")
    ratio, worst = wall / one_wall, max(peak.values())
    if not a.no_kill:
        kw, kfound, kpeak, _, killed, _ = cluster_run(a.workers, cal, prof, work, "kill", kill_after=wall / 2)
        row("cluster, one worker killed", a.posts, kw, kfound, kpeak, "SIGKILL " + ", ".join(killed or ["(none)"]))
        log(f"kill: {kw:.1f} s, {len(kfound)} findings")
    big_note = ""
    if a.big:
        bcal, bprof = write_calendar(work / "big", rows, a.big)
        bw, bfound, bpeak, marks, _, bclient = cluster_run(a.workers, bcal, bprof, work / "big", "big",
                                                  quarters=a.big_wall or None)
        quarters = " -> ".join("/".join(f"{v:.0f}" for v in m.values()) for m in marks)
        big_note = f"{a.big} posts on the cluster: {bw:.0f} s, {len(bfound)} findings, peak per worker " \
                   f"{' / '.join(f'{v:.0f}' for v in bpeak.values())} MB, the reducing process {bclient:.0f} MB" + \
                   (f"; RSS at each quarter of the run (MB, per worker): {quarters}" if quarters else "")
        worst = max(worst, *bpeak.values())
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    print("\n".join(lines))
    if big_note:
        print("\n" + big_note)
    if phases:
        print("\ncluster run, seconds by phase (reducing process; 'worker' sums are CPU-bound time on the "
              "workers): " + ", ".join(f"{k} {v:.1f}" for k, v in phases.items()))
    print(f"\ncores: {os.cpu_count()}, load average (1/5/15 min): {load}")
    print(f"targets: findings identical {'PASS' if ok else 'FAIL'}; cluster/one {ratio:.2f} <= "
          f"{TARGETS['ratio']} {'PASS' if ratio <= TARGETS['ratio'] else 'FAIL'}; peak per worker "
          f"{worst / 1024:.2f} GB <= {TARGETS['worker_gb']} {'PASS' if worst / 1024 <= TARGETS['worker_gb'] else 'FAIL'}")
    if not a.keep:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
