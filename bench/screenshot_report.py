"""Screenshot an HTML report with headless Chromium, to look at it as a person would.

    python bench/screenshot_report.py out.html /tmp/report.png [--width 1280] [--height 2400]
    python bench/screenshot_report.py out.html /tmp/report.pdf --pdf      # print preview

Needs Debian's ``chromium`` (``apt-get install -y chromium``). Runs fully offline: a fresh
profile, no network services, no GPU. Screenshots are never stored in the repository.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def shoot(html: Path, out: Path, width: int = 1280, height: int = 2400, pdf: bool = False,
          timeout: float = 120.0) -> Path:
    exe = find_chromium()
    if exe is None:
        raise RuntimeError("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}"]
        if pdf:
            cmd += [f"--print-to-pdf={out}", "--no-pdf-header-footer"]
        else:
            cmd += [f"--screenshot={out}", f"--window-size={width},{height}"]
        cmd.append(Path(html).resolve().as_uri())
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    if not out.exists():
        raise RuntimeError(f"chromium wrote no {out}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--pdf", action="store_true", help="print to PDF instead (print layout)")
    args = ap.parse_args(argv)
    try:
        shoot(args.html, args.out, args.width, args.height, args.pdf)
    except (RuntimeError, subprocess.SubprocessError) as exc:
        print(f"screenshot_report: {exc}", file=sys.stderr)
        return 2
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
