"""Where the package's own files are: the package folder and the data it ships."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/voicelint (or site-packages/voicelint)
DATA_DIR = PACKAGE_DIR / "data"                     # backgrounds, sectors, hunspell, prebuilt
