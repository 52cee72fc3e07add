"""``--scheduler``: the checks on a Dask cluster, with the findings of one process.

Map, then reduce (docs/scale.md):

- **map** (:mod:`.mapping`, on the workers): the posts go out in partitions; a worker runs the
  post-scope checks on its partition (the engine's own post pass, results cache included) and
  measures what the set-scope checks will ask of each post alone: the persona features
  (``Context.per_post``), the pillar of each post and the embeddings drift compares. A worker
  process keeps its spaCy pipelines and embedding model from one partition to the next.
- **reduce** (:mod:`.reduce`, here): the set-scope checks (drift VL5xx, pillar mix VL405/VL406,
  consistency) run exactly as in one process, on a context that hands them the gathered
  features instead of measuring again; then the findings of each post are merged, superseded
  and suppressed by :meth:`Engine.run` itself.

Nothing here is imported unless ``--scheduler`` (or the config key ``scheduler``) is given;
``dask.distributed`` comes with ``pip install voicelint[dask]``.
"""
from __future__ import annotations

from .cluster import Cluster, connect

__all__ = ["Cluster", "connect"]
