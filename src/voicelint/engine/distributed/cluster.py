"""Connecting to the Dask scheduler ``--scheduler`` names, or starting a local cluster.

- ``tcp://host:8786`` (any address ``distributed.Client`` takes): an existing cluster. Every
  worker needs the same voicelint (and models) installed; the job (rules, profile) travels
  with the tasks, the posts in partitions.
- ``local`` (one worker process per core) or ``local:N`` (N workers): a ``LocalCluster`` on
  127.0.0.1, one thread per worker, stopped when the run ends.

A scheduler that cannot be reached is a one-line error (exit 2), after :data:`TIMEOUT` seconds.
"""
from __future__ import annotations

import logging
import re

from voicelint.shared.errors import ConfigError

#: Seconds to wait for the scheduler before giving up.
TIMEOUT = 10

_LOCAL = re.compile(r"^local(?::(\d+))?$")


def _import():
    try:
        import distributed
    except ImportError:
        raise ConfigError("--scheduler needs Dask: pip install 'voicelint[dask]'") from None
    return distributed


class Cluster:
    """A Dask client (and the local cluster it started, if any); a context manager."""

    def __init__(self, client, local=None):
        self.client = client
        self.local = local

    def engine(self, rules, *args, **kwargs):
        """A :class:`~.reduce.DistributedEngine` on this cluster (the Engine's arguments)."""
        from .reduce import DistributedEngine
        return DistributedEngine(self.client, rules, *args, **kwargs)

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.local is not None:
                self.local.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def connect(address: str, timeout: float | None = None) -> Cluster:
    """A :class:`Cluster` for ``address`` (``local``, ``local:N`` or a scheduler address)."""
    address = (address or "").strip()
    if not address:
        raise ConfigError("--scheduler: expected a scheduler address (tcp://host:8786) or 'local'")
    distributed = _import()
    m = _LOCAL.match(address)
    if m:
        from voicelint.engine.parallel import default_jobs
        n = int(m.group(1)) if m.group(1) else default_jobs()
        if n < 1:
            raise ConfigError(f"--scheduler {address}: expected at least one worker")
        local = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                         worker_dashboard_address="127.0.0.1:0",
                                         silence_logs=logging.CRITICAL)
        try:
            return Cluster(distributed.Client(local), local)
        except BaseException:
            local.close()
            raise
    try:
        client = distributed.Client(address, timeout=timeout or TIMEOUT)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        why = " ".join(str(exc).split()) or type(exc).__name__
        raise ConfigError(f"--scheduler: cannot reach the Dask scheduler at {address}: {why}") from None
    return Cluster(client)
