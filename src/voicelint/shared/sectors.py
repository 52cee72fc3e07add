"""The other sectors' posts that ship with voicelint (``voicelint/data/sectors_<lang>.txt``: one
``## sector`` header, then posts written for voicelint), read once. The strategy checks use them
as posts that are NOT on a brand's strategy (:mod:`voicelint.judgement.strategy`)."""
from __future__ import annotations

from functools import lru_cache

from .paths import DATA_DIR


def _read(lang: str) -> list[tuple[str, str]]:
    path = DATA_DIR / f"sectors_{lang}.txt"
    if not path.is_file():
        return []
    out, sector = [], "other"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("## "):
            sector = line[3:].strip()
        elif line and not line.startswith("#"):
            out.append((sector, line))
    return out


@lru_cache(maxsize=None)
def load_sectors(lang: str) -> tuple[tuple[str, str], ...]:
    """(sector, post) pairs shipped for ``lang`` (none for a language without a file)."""
    return tuple(_read(lang))
