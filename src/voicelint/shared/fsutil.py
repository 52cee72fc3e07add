"""File writes that never leave a half-written file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, text: str, encoding: str = "utf-8", newline: str | None = "") -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    A reader (or a run killed midway) sees either the old file or the new one, never a mix.
    The file's permission bits are kept when it already exists.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class NotRegularFile(OSError):
    """A FIFO, a device (``/dev/zero``), a socket: reading it could block or never end."""


class FileTooLarge(OSError):
    """The file is larger than the caller accepts."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"{size} bytes, at most {limit}")
        self.size = size
        self.limit = limit


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    A draft folder from a pull request may hold a FIFO (opening it blocks forever) or a symbolic
    link to ``/dev/zero`` (reading it never ends): refused before reading, and at most
    ``limit + 1`` bytes are ever read, even from a file that grows meanwhile.
    """
    import stat

    st = os.stat(path)  # follows symbolic links; does not block on a FIFO
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(f"not a regular file: {path}")
    if st.st_size > limit:
        raise FileTooLarge(st.st_size, limit)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the stat
            raise NotRegularFile(f"not a regular file: {path}")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(len(data), limit)
    return data
