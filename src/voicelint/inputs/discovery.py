"""Which files are drafts: folders expanded, hidden files and ``exclude`` globs left out."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from voicelint.shared.errors import DraftError
from .posts import DRAFT_SUFFIXES


def excluded(path: str | Path, patterns: Iterable[str], root: str | Path | None = None) -> bool:
    """True when ``path`` matches one of the glob ``patterns`` (config ``exclude:``): a
    pattern is tried on the file's name, on its path relative to ``root`` (the folder of the
    configuration file, else the current one) and on every folder on that path, so
    ``README.md``, ``drafts/archive/*``, ``archive`` and ``**/old-*.md`` all work."""
    import fnmatch

    pats = [str(p).rstrip("/") for p in patterns if str(p).strip()]
    if not pats:
        return False
    p = Path(path)
    try:
        rel = Path(os.path.relpath(os.path.abspath(p), os.path.abspath(root or os.getcwd()))).as_posix()
    except ValueError:  # another drive (Windows)
        rel = p.as_posix()
    parts = rel.split("/")
    candidates = {p.name, rel, *parts[:-1], *("/".join(parts[:i]) for i in range(1, len(parts)))}
    for pat in pats:
        variants = {pat, pat[3:]} if pat.startswith("**/") else {pat}
        if any(fnmatch.fnmatchcase(c, v) for c in candidates for v in variants):
            return True
    return False


def discover(paths: Iterable[str | Path], include_hidden: bool = False, exclude: Iterable[str] = (),
             root: str | Path | None = None) -> list[Path]:
    """Expand folders into draft files (sorted, deduplicated, symlink loops ignored),
    leaving out what the ``exclude`` globs match (see :func:`excluded`), files named on the
    command line included (a pre-commit hook passes them one by one)."""
    exclude = list(exclude)
    out: list[Path] = []
    seen: set = set()
    for p in paths:
        p = Path(p)
        if not p.exists() and not p.is_symlink():
            raise DraftError("no such file or directory", path=str(p))
        if p.is_dir():
            for root_, dirs, files in os.walk(p, followlinks=True):
                real = os.path.realpath(root_)
                if real in seen:
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs[:] = sorted(d for d in dirs if (include_hidden or not d.startswith("."))
                                 and not (exclude and excluded(Path(root_) / d, exclude, root)))
                from voicelint.inputs.exports import in_walk
                for f in sorted(files):
                    fp = Path(root_) / f
                    if (include_hidden or not f.startswith(".")) and in_walk(fp, fp.suffix.lower() in DRAFT_SUFFIXES):
                        out.append(fp)
        else:
            out.append(p)
    if exclude:
        out = [fp for fp in out if not excluded(fp, exclude, root)]
    uniq, keys = [], set()
    for fp in out:
        k = os.path.abspath(fp)
        if k not in keys:
            keys.add(k)
            uniq.append(fp)
    return uniq
