"""A persistent, multi-process-safe cache of sentence embeddings.

Embeddings are stored in one SQLite file, ``embeddings.sqlite3``, inside the
cache directory. The directory is, in order of precedence, the ``cache_dir``
argument, the ``VOICELINT_CACHE_DIR`` environment variable, or
``platformdirs.user_cache_dir("voicelint")``.

Rows are keyed by ``(model_id, key)`` where ``key`` is the SHA-256 hex digest of
the normalised text (see :func:`voicelint.nlp.embeddings.text_key`); the vector
is stored as little-endian float32 bytes. A small ``meta`` table keeps per-model
facts such as the embedding dimension, so it is known without loading the model.

Concurrency: the database runs in WAL mode with a busy timeout; writes are short
``BEGIN IMMEDIATE`` transactions of ``INSERT OR IGNORE`` so many linters (say, a
pre-commit hook fanned out over files) may read and write it at once. Since a
text always maps to the same vector for a given model, "first writer wins" is
correct.

The cache is only an accelerator and never a reason to fail: a corrupt file is
moved aside to ``embeddings.sqlite3.corrupt`` and a fresh one is created; an
unusable directory (read-only, not a directory, ...) or any later SQLite error
logs a single warning on the ``voicelint`` logger and the cache then behaves as
an always-empty, write-discarding store.

This module imports only the standard library at load time; numpy is imported
when vectors are decoded.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

log = logging.getLogger("voicelint")

CACHE_FILENAME = "embeddings.sqlite3"
ENV_CACHE_DIR = "VOICELINT_CACHE_DIR"
SCHEMA_VERSION = 1
#: SQLite's historic default limit on host parameters is 999; stay well below it.
MAX_PARAMS = 500
#: Rows written per transaction: keeps write locks short so other processes interleave.
WRITE_CHUNK = 500
#: Seconds a connection waits for another process's lock before giving up.
BUSY_TIMEOUT = 30.0

_SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS embeddings ("
    " model_id TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " vector BLOB NOT NULL,"
    " PRIMARY KEY (model_id, key)"
    ") WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS meta ("
    " model_id TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (model_id, name)"
    ") WITHOUT ROWID",
)

# Connections inherited through fork() must never be used nor closed by the child
# (closing would drop the child's own POSIX locks on the same file). They are parked
# here for the life of the process instead.
_ABANDONED: list[sqlite3.Connection] = []


def default_cache_dir() -> str:
    """The cache directory used when none is given: ``$VOICELINT_CACHE_DIR`` or the
    platform's user cache directory for voicelint."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return os.path.abspath(os.path.expanduser(env))
    import platformdirs

    return platformdirs.user_cache_dir("voicelint")


def resolve_cache_dir(cache_dir: str | os.PathLike[str] | None = None) -> str:
    """Absolute cache directory for an optional explicit ``cache_dir``."""
    if cache_dir is None or str(cache_dir) == "":
        return default_cache_dir()
    return os.path.abspath(os.path.expanduser(os.fspath(cache_dir)))


def _is_corruption(exc: BaseException) -> bool:
    """True when ``exc`` says the database file itself is damaged or not SQLite."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class CacheUnavailable(Exception):
    """Internal: the cache cannot be used in this process (already reported)."""


class SqliteStore:
    """A SQLite file in the cache directory, shared by many processes (WAL mode, busy
    timeout, short write transactions), that is only an accelerator: corrupt -> moved aside
    and started anew, unusable -> one warning and an always-empty, write-discarding store.
    Subclasses name the file (``FILENAME``), its tables (``SCHEMA``) and how warnings call it
    (``LABEL``)."""

    FILENAME = CACHE_FILENAME
    SCHEMA: tuple = _SCHEMA
    SCHEMA_VERSION = SCHEMA_VERSION
    LABEL = "embedding cache"

    def __init__(self, cache_dir: str | os.PathLike[str] | None = None) -> None:
        self.cache_dir = resolve_cache_dir(cache_dir)
        self.path = os.path.join(self.cache_dir, self.FILENAME)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._stat_at_open: tuple[int, int] | None = None
        self._disabled_reason: str | None = None
        with self._lock:
            self._open()

    # ------------------------------------------------------------------ state

    @property
    def usable(self) -> bool:
        """False once the cache has been given up on for this process."""
        return self._disabled_reason is None

    def __repr__(self) -> str:
        state = "usable" if self.usable else f"disabled: {self._disabled_reason}"
        return f"{type(self).__name__}({self.path!r}, {state})"

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection. Later calls reopen it on demand (unless disabled)."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None and self._pid == os.getpid():
                try:
                    conn.close()
                except sqlite3.Error:
                    pass

    # -------------------------------------------------------------- internals

    def _connection(self) -> sqlite3.Connection:
        """The live connection, reopened after close() or in a forked child."""
        if self._disabled_reason is not None:
            raise CacheUnavailable(self._disabled_reason)
        if self._pid != os.getpid():
            if self._conn is not None:
                _ABANDONED.append(self._conn)
            self._conn = None
            self._pid = os.getpid()
        if self._conn is None:
            self._open()
            if self._conn is None:
                raise CacheUnavailable(self._disabled_reason or "not open")
        return self._conn

    def _open(self) -> None:
        """Open (creating if needed) the database; on failure disable the cache.

        A file that SQLite reports as corrupt / not a database is moved aside once
        and a new one is created in its place.
        """
        try:
            os.makedirs(self.cache_dir, exist_ok=True)
        except OSError as exc:
            self._disable(exc)
            return
        try:
            self._conn = self._connect_and_prepare()
        except sqlite3.Error as exc:
            if not _is_corruption(exc):
                self._disable(exc)
                return
            moved = self._quarantine()
            if moved is None:
                self._disable(exc)
                return
            try:
                self._conn = self._connect_and_prepare()
            except sqlite3.Error as exc2:
                self._disable(exc2)
                return
            log.warning("%s %s was corrupt (%s); moved it to %s and started a new one",
                        self.LABEL, self.path, exc, moved)
        except OSError as exc:
            self._disable(exc)

    def _connect_and_prepare(self) -> sqlite3.Connection:
        try:
            st = os.stat(self.path)
            self._stat_at_open = (st.st_dev, st.st_ino)
        except OSError:
            self._stat_at_open = None
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            # Switching to WAL needs an exclusive lock and may report "locked"
            # without consulting the busy handler while other processes race to
            # create the file: retry for a while.
            mode = _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"cannot use WAL journal mode (got {mode!r})")
            conn.execute("PRAGMA synchronous = NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, self.SCHEMA_VERSION):
                raise sqlite3.OperationalError(
                    f"cache schema version {version} is not supported (expected {self.SCHEMA_VERSION})")
            if version == 0:
                def create() -> None:
                    self._write_script(conn, [*self.SCHEMA, f"PRAGMA user_version = {self.SCHEMA_VERSION}"])
                _retry_busy(create)
            if self._stat_at_open is None:
                try:
                    st = os.stat(self.path)
                    self._stat_at_open = (st.st_dev, st.st_ino)
                except OSError:
                    pass
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _write(conn: sqlite3.Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """One short write transaction."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(sql, rows)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @staticmethod
    def _write_script(conn: sqlite3.Connection, statements: Sequence[str]) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements:
                conn.execute(statement)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _quarantine(self) -> str | None:
        """Move a damaged database (and its WAL/SHM side files) to ``*.corrupt``.

        Only moves the file we actually found damaged: if another process already
        replaced it (different inode), nothing is moved and the open is retried.
        Returns the new name, or None when nothing could be moved.
        """
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return self.path + ".corrupt"  # someone else already moved it: just retry
        except OSError:
            return None
        if self._stat_at_open is not None and (st.st_dev, st.st_ino) != self._stat_at_open:
            return self.path + ".corrupt"  # replaced meanwhile by a healthy one: retry
        target = self.path + ".corrupt"
        try:
            os.replace(self.path, target)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            try:
                os.replace(self.path + suffix, target + suffix)
            except OSError:
                pass
        return target

    def _fail(self, exc: BaseException) -> None:
        """An error during use: quarantine a damaged file, then stop using the cache."""
        if _is_corruption(exc):
            self.close()
            moved = self._quarantine()
            if moved:
                exc = sqlite3.DatabaseError(f"{exc}; moved to {moved}")
        self._disable(exc)

    def _disable(self, exc: BaseException) -> None:
        """Give up on the cache for this process, warning exactly once."""
        if self._disabled_reason is not None:
            return
        reason = str(exc) or type(exc).__name__
        self._disabled_reason = reason
        self.close()
        log.warning("%s %s unusable (%s); continuing without it", self.LABEL, self.path, reason)



class EmbeddingCache(SqliteStore):
    """SQLite store of float32 vectors keyed by ``(model_id, text hash)``.

    All methods are safe to call from several threads and several processes.
    When the cache is unusable, :attr:`usable` is False, :meth:`get_many` returns
    ``{}`` and writes are dropped; exactly one warning has been logged.
    """

    # ------------------------------------------------------------ public API

    def get_many(self, model_id: str, keys: Iterable[str]) -> dict[str, Any]:
        """Cached vectors for ``keys`` under ``model_id``.

        Returns ``{key: numpy float32 1-D array}`` holding only the keys found.
        Lookups go in chunks of at most :data:`MAX_PARAMS` SQL parameters.
        """
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        rows: list[tuple[str, bytes]] = []
        step = MAX_PARAMS - 1  # one parameter is the model id
        try:
            with self._lock:
                conn = self._connection()
                for start in range(0, len(wanted), step):
                    chunk = wanted[start:start + step]
                    marks = ",".join("?" * len(chunk))
                    sql = ("SELECT key, vector FROM embeddings"
                           f" WHERE model_id = ? AND key IN ({marks})")
                    rows.extend(conn.execute(sql, (model_id, *chunk)).fetchall())
        except CacheUnavailable:
            return {}
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}
        import numpy as np

        found: dict[str, Any] = {}
        for key, blob in rows:
            if isinstance(blob, bytes) and blob and len(blob) % 4 == 0:
                found[key] = np.frombuffer(bytes(blob), dtype="<f4").astype(np.float32)
        return found

    def put_many(self, model_id: str, items: Iterable[tuple[str, Any]]) -> int:
        """Store ``(key, vector)`` pairs under ``model_id``; existing keys are kept.

        ``vector`` is a float sequence / numpy array (stored as float32) or raw
        little-endian float32 bytes. Returns the number of rows offered (0 when the
        cache is unusable). Writes go in short transactions of :data:`WRITE_CHUNK` rows.
        """
        rows = [(model_id, key, _to_blob(vector)) for key, vector in items]
        if not rows:
            return 0
        try:
            with self._lock:
                conn = self._connection()
                for start in range(0, len(rows), WRITE_CHUNK):
                    self._write(conn, "INSERT OR IGNORE INTO embeddings (model_id, key, vector) "
                                "VALUES (?, ?, ?)", rows[start:start + WRITE_CHUNK])
        except CacheUnavailable:
            return 0
        except sqlite3.Error as exc:
            self._fail(exc)
            return 0
        return len(rows)

    def get_meta(self, model_id: str, name: str) -> str | None:
        """A per-model fact stored by :meth:`set_meta`, or None."""
        try:
            with self._lock:
                row = self._connection().execute(
                    "SELECT value FROM meta WHERE model_id = ? AND name = ?", (model_id, name)
                ).fetchone()
        except CacheUnavailable:
            return None
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        return None if row is None else str(row[0])

    def set_meta(self, model_id: str, name: str, value: object) -> None:
        """Record a per-model fact (e.g. ``dim``); the latest value wins."""
        try:
            with self._lock:
                self._write(self._connection(),
                            "INSERT OR REPLACE INTO meta (model_id, name, value) VALUES (?, ?, ?)",
                            [(model_id, name, str(value))])
        except CacheUnavailable:
            return
        except sqlite3.Error as exc:
            self._fail(exc)

    def count(self, model_id: str | None = None) -> int:
        """Number of stored vectors (for one model, or all). 0 when unusable."""
        try:
            with self._lock:
                conn = self._connection()
                if model_id is None:
                    row = conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()
                else:
                    row = conn.execute("SELECT COUNT(*) FROM embeddings WHERE model_id = ?",
                                       (model_id,)).fetchone()
        except CacheUnavailable:
            return 0
        except sqlite3.Error as exc:
            self._fail(exc)
            return 0
        return int(row[0])


def _retry_busy(func, deadline: float = BUSY_TIMEOUT):
    """Call ``func`` until it stops raising "database is locked/busy" or time runs out."""
    end = time.monotonic() + deadline
    delay = 0.005
    while True:
        try:
            return func()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= end:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def _to_blob(vector: Any) -> bytes:
    """float32 little-endian bytes for a vector (bytes are passed through)."""
    if isinstance(vector, (bytes, bytearray, memoryview)):
        return bytes(vector)
    import numpy as np

    arr = np.asarray(vector, dtype="<f4").reshape(-1)
    return arr.tobytes()
