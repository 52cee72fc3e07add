"""Sentence embeddings from BERT models with numpy alone: no torch, no transformers.

A sentence-transformers model made of a ``Transformer`` module (a BERT encoder), a
``Pooling`` module (mean, CLS, max or mean/sqrt(length) of the token vectors) and
optionally ``Normalize`` is a small, fixed computation. This module runs it in float32 with
numpy: weights from ``model.safetensors`` (read with ``safetensors``), tokens from
``tokenizer.json`` (read with ``tokenizers``, truncated at the model's ``max_seq_length``),
then embeddings + LayerNorm, N layers of self-attention and feed-forward with the activation
the config names (``gelu`` is the exact, erf-based GELU), pooling over the attention mask.
The vectors equal sentence-transformers' (mean cosine 1.0000 on all-MiniLM-L6-v2), while
importing numpy + tokenizers + safetensors takes a fraction of a second where torch +
sentence-transformers take seconds.

Texts are tokenised once, sorted by token count and run in batches of similar length (so
padding is small), then put back in the caller's order.

:func:`inspect_model` reads only JSON files (it imports nothing heavy) and says whether a
model directory can run here; :meth:`BertEncoder.load` builds the encoder. Typical use::

    spec = inspect_model(path)            # raises Unsupported("...") otherwise
    enc = BertEncoder.load(path)
    vectors = enc.encode(["Hello!"])      # float32, (1, 384), unit rows
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .bert_spec import ModelSpec, Unsupported, inspect_model

# inspect_model, ModelSpec and Unsupported live in bert_spec; importable from here as before.
__all__ = ["BertEncoder", "ModelSpec", "Unsupported", "inspect_model"]

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy

#: At most this many (padded) tokens go through the encoder at once: bounds memory
#: (attention scores grow with the square of the length) and keeps arrays cache-sized.
TOKENS_PER_BATCH = 2048
_GELU_ROWS = 64            # rows of the feed-forward activation computed at a time
MAX_THREADS = 8           # batches encoded at once, at most (never more than the cores)


# ----------------------------------------------------------------- the maths

# Rational approximation of erf on [-4, 4] (Eigen's / XLA's float32 erf; a few float32
# ulps from the exact function, as close as torch's own GELU).
_ERF_ALPHA = (-2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06,
              -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03,
              -1.60960333262415e-02)
_ERF_BETA = (-1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03,
             -7.37332916720468e-03, -1.42647390514189e-02)


def _gelu_erf(x: numpy.ndarray) -> None:
    """In place: ``x * (1 + erf(x / sqrt(2))) / 2``, the exact GELU, a few rows at a time.

    erf(t) = t P(t²) / Q(t²) with t = x / sqrt(2) clipped to [-4, 4]. The 1 / sqrt(2) and
    the halving are folded into P's coefficients (see :func:`_gelu_coefficients`), so
    GELU(x) = x (x P'(x²) / Q'(x²) + 1/2) costs a couple of dozen passes over
    cache-sized chunks.
    """
    import numpy as np
    rows, width = x.shape
    size = min(rows, _GELU_ROWS)
    t, x2, p, q = (np.empty((size, width), dtype=np.float32) for _ in range(4))
    alpha, beta = _gelu_coefficients()
    bound = np.float32(4.0 * math.sqrt(2.0))
    half = np.float32(0.5)
    for start in range(0, rows, size):
        chunk = x[start:start + size]
        n = chunk.shape[0]
        tt, xx, pp, qq = t[:n], x2[:n], p[:n], q[:n]
        np.clip(chunk, -bound, bound, out=tt)
        np.multiply(tt, tt, out=xx)
        np.multiply(xx, alpha[0], out=pp)
        for a in alpha[1:-1]:
            pp += a
            pp *= xx
        pp += alpha[-1]
        pp *= tt                     # x P'(x²)
        np.multiply(xx, beta[0], out=qq)
        for b in beta[1:-1]:
            qq += b
            qq *= xx
        qq += beta[-1]               # Q'(x²)
        pp /= qq                     # erf(x / sqrt(2)) / 2
        pp += half
        chunk *= pp


_GELU_COEFFICIENTS: list = []


def _gelu_coefficients():
    """``_ERF_ALPHA`` / ``_ERF_BETA`` (highest power first) as polynomials in x² rather
    than t² = x² / 2, with P also scaled by 1 / sqrt(2) (t = x / sqrt(2)) and by 1 / 2."""
    if not _GELU_COEFFICIENTS:
        import numpy as np
        n, m = len(_ERF_ALPHA), len(_ERF_BETA)
        alpha = [c / 2.0 ** (n - 1 - i) / math.sqrt(2.0) / 2.0 for i, c in enumerate(_ERF_ALPHA)]
        beta = [c / 2.0 ** (m - 1 - i) for i, c in enumerate(_ERF_BETA)]
        _GELU_COEFFICIENTS[:] = [[np.float32(c) for c in alpha], [np.float32(c) for c in beta]]
    return _GELU_COEFFICIENTS


def _gelu_tanh(x: numpy.ndarray) -> None:
    """In place: the tanh approximation of GELU (``gelu_new``, ``gelu_pytorch_tanh``, ``gelu_fast``)."""
    import numpy as np
    inner = x * x
    inner *= np.float32(0.044715)
    inner += 1.0
    inner *= x
    inner *= np.float32(math.sqrt(2.0 / math.pi))
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= 0.5
    x *= inner


def _relu(x: numpy.ndarray) -> None:
    import numpy as np
    np.maximum(x, 0.0, out=x)


_ACTIVATION_FUNCTIONS = {"gelu": _gelu_erf, "gelu_new": _gelu_tanh, "gelu_pytorch_tanh": _gelu_tanh,
                         "gelu_fast": _gelu_tanh, "relu": _relu}


def _layer_norm(x: numpy.ndarray, weight: numpy.ndarray, bias: numpy.ndarray, eps: float) -> None:
    """In place LayerNorm over the last axis of a 2-D float32 array."""
    import numpy as np
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)[:, None]
    var *= np.float32(1.0 / x.shape[-1])
    var += np.float32(eps)
    np.sqrt(var, out=var)
    x /= var
    x *= weight
    x += bias


def _softmax_last(x: numpy.ndarray) -> None:
    """In place softmax over the last axis."""
    import numpy as np
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)


# --------------------------------------------------------------------- encoder

@dataclass
class _Layer:
    qkv_w: numpy.ndarray   # (hidden, 3 * hidden), query part pre-scaled by 1/sqrt(head size)
    qkv_b: numpy.ndarray
    out_w: numpy.ndarray   # (hidden, hidden)
    out_b: numpy.ndarray
    ln1_w: numpy.ndarray
    ln1_b: numpy.ndarray
    ffn_in_w: numpy.ndarray    # (hidden, intermediate)
    ffn_in_b: numpy.ndarray
    ffn_out_w: numpy.ndarray   # (intermediate, hidden)
    ffn_out_b: numpy.ndarray
    ln2_w: numpy.ndarray
    ln2_b: numpy.ndarray


class BertEncoder:
    """A loaded BERT sentence-transformers model, run with numpy.

    Offers the part of ``SentenceTransformer``'s interface that voicelint uses:
    :meth:`encode` and :meth:`get_embedding_dimension`.
    """

    def __init__(self, spec: ModelSpec, tokenizer: Any, weights: dict[str, numpy.ndarray]):
        import numpy as np
        self.spec = spec
        cfg = spec.config
        self.hidden = int(cfg["hidden_size"])
        self.heads = int(cfg["num_attention_heads"])
        self.head_size = self.hidden // self.heads
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.max_seq_length = spec.max_seq_length
        self._activation = _ACTIVATION_FUNCTIONS[cfg["hidden_act"]]
        self._tokenizer = tokenizer

        prefix = _weight_prefix(weights)

        def get(name: str) -> numpy.ndarray:
            try:
                value = weights[prefix + name]
            except KeyError:
                raise Unsupported(f"model.safetensors has no tensor '{prefix + name}'") from None
            return np.ascontiguousarray(value, dtype=np.float32)

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        type_name = prefix + "embeddings.token_type_embeddings.weight"
        self.token_type = (np.ascontiguousarray(weights[type_name], dtype=np.float32)
                           if type_name in weights else None)
        self.emb_ln = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        if self.word.shape[1] != self.hidden or self.position.shape[0] < self.max_seq_length:
            raise Unsupported("its embedding tables do not match its config.json")
        scale = np.float32(1.0 / math.sqrt(self.head_size))
        self.layers: list[_Layer] = []
        for i in range(int(cfg["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([get(p + "attention.self.query.weight") * scale,
                                    get(p + "attention.self.key.weight"),
                                    get(p + "attention.self.value.weight")], axis=0)
            qkv_b = np.concatenate([get(p + "attention.self.query.bias") * scale,
                                    get(p + "attention.self.key.bias"),
                                    get(p + "attention.self.value.bias")])
            self.layers.append(_Layer(
                qkv_w=np.ascontiguousarray(qkv_w.T), qkv_b=qkv_b,
                out_w=np.ascontiguousarray(get(p + "attention.output.dense.weight").T),
                out_b=get(p + "attention.output.dense.bias"),
                ln1_w=get(p + "attention.output.LayerNorm.weight"),
                ln1_b=get(p + "attention.output.LayerNorm.bias"),
                ffn_in_w=np.ascontiguousarray(get(p + "intermediate.dense.weight").T),
                ffn_in_b=get(p + "intermediate.dense.bias"),
                ffn_out_w=np.ascontiguousarray(get(p + "output.dense.weight").T),
                ffn_out_b=get(p + "output.dense.bias"),
                ln2_w=get(p + "output.LayerNorm.weight"),
                ln2_b=get(p + "output.LayerNorm.bias"),
            ))
        if self.layers[0].qkv_w.shape[0] != self.hidden:
            raise Unsupported("its attention weights do not match its config.json")

    # ------------------------------------------------------------- loading

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> BertEncoder:
        """Load the model in ``path``; raises :class:`Unsupported` if it cannot run here.

        A missing ``tokenizers``/``safetensors``/``numpy`` raises ImportError.
        """
        spec = inspect_model(os.fspath(path))
        from tokenizers import Tokenizer, normalizers

        tokenizer = Tokenizer.from_file(os.path.join(spec.transformer_dir, "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=spec.max_seq_length)
        if spec.do_lower_case and not _lowercases(tokenizer.normalizer):
            # what sentence-transformers does for do_lower_case with a fast tokenizer
            steps = [normalizers.Lowercase()]
            if tokenizer.normalizer is not None:
                steps.append(tokenizer.normalizer)
            tokenizer.normalizer = normalizers.Sequence(steps)
        return cls(spec, tokenizer, _load_weights(os.path.join(spec.transformer_dir,
                                                               "model.safetensors")))

    # ------------------------------------------------------------ interface

    def get_embedding_dimension(self) -> int:
        return self.hidden * len(self.spec.pooling)

    def tokenize(self, texts: list[str]) -> list[Any]:
        """The ``tokenizers`` encodings of ``texts``, truncated at ``max_seq_length``."""
        return self._tokenizer.encode_batch([str(t) for t in texts])

    def encode(self, texts: list[str], batch_size: int = 64, normalize_embeddings: bool = False,
               **_ignored: Any) -> numpy.ndarray:
        """Float32 vectors of ``texts``, shape ``(len(texts), dim)``, in the order given.

        Rows are unit length when ``normalize_embeddings`` is true or the model ends
        with a Normalize module. Other keywords of ``SentenceTransformer.encode``
        (``device``, ``show_progress_bar``, ``convert_to_numpy``) are accepted and
        ignored: this runs on the CPU and returns numpy arrays.
        """
        import numpy as np
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of texts, not a single string")
        texts = list(texts)
        out = np.empty((len(texts), self.get_embedding_dimension()), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenize(texts)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        order = np.argsort(-lengths, kind="stable")          # longest first
        jobs = [order[rows] for rows in _batches(lengths[order], max(1, int(batch_size)),
                                                 TOKENS_PER_BATCH)]

        def run(chosen: numpy.ndarray) -> numpy.ndarray:
            return self._encode_batch([encodings[i] for i in chosen])

        cores = _cpu_count()
        if len(jobs) == 1 and cores > 1 and len(jobs[0]) > 1:
            # one batch: split over the cores too, rather than leave them to BLAS's own threads
            # (on a busy machine those spin for their share: one draft took 0.6-1 s, not 0.02)
            jobs = [part for part in np.array_split(jobs[0], min(cores, len(jobs[0]))) if len(part)]
        workers = min(len(jobs), cores)
        with _one_blas_thread():
            if workers > 1:
                from concurrent.futures import ThreadPoolExecutor
                with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="voicelint-bert") as pool:
                    for chosen, vectors in zip(jobs, pool.map(run, jobs), strict=True):
                        out[chosen] = vectors
            else:
                for chosen in jobs:
                    out[chosen] = run(chosen)
        if normalize_embeddings or self.spec.normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            np.divide(out, norms, out=out, where=norms > 0)
        return out

    # ------------------------------------------------------------ internals

    def _encode_batch(self, encodings: list[Any]) -> numpy.ndarray:
        import numpy as np
        batch = len(encodings)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((batch, length), dtype=np.int64)
        types = np.zeros((batch, length), dtype=np.int64)
        mask = np.zeros((batch, length), dtype=np.float32)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            types[row, :n] = enc.type_ids
            mask[row, :n] = enc.attention_mask
        hidden = self._forward(ids, types, mask)                    # (batch, length, hidden)
        return self._pool(hidden, mask)

    def _forward(self, ids: numpy.ndarray, types: numpy.ndarray,
                 mask: numpy.ndarray) -> numpy.ndarray:
        import numpy as np
        batch, length = ids.shape
        tokens, hidden, heads, size = batch * length, self.hidden, self.heads, self.head_size
        x = self.word[ids.reshape(-1)]                              # (tokens, hidden), a copy
        x3 = x.reshape(batch, length, hidden)
        x3 += self.position[:length]
        if self.token_type is not None:
            x += self.token_type[types.reshape(-1)]
        _layer_norm(x, *self.emb_ln, self.eps)
        # 0 where a token may be attended to, a large negative number on padding
        bias = ((1.0 - mask) * np.float32(-1e9)).astype(np.float32)[:, None, None, :]
        for layer in self.layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            qkv5 = qkv.reshape(batch, length, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv5[0], qkv5[1], qkv5[2]                    # (batch, heads, length, size)
            scores = np.matmul(q, k.transpose(0, 1, 3, 2))          # (batch, heads, length, length)
            scores += bias
            _softmax_last(scores)
            context = np.matmul(scores, v)                           # (batch, heads, length, size)
            context = np.ascontiguousarray(context.transpose(0, 2, 1, 3)).reshape(tokens, hidden)
            attn = context @ layer.out_w
            attn += layer.out_b
            attn += x
            _layer_norm(attn, layer.ln1_w, layer.ln1_b, self.eps)
            inner = attn @ layer.ffn_in_w
            inner += layer.ffn_in_b
            self._activation(inner)
            x = inner @ layer.ffn_out_w
            x += layer.ffn_out_b
            x += attn
            _layer_norm(x, layer.ln2_w, layer.ln2_b, self.eps)
        return x.reshape(batch, length, hidden)

    def _pool(self, hidden: numpy.ndarray, mask: numpy.ndarray) -> numpy.ndarray:
        """Pooling as sentence-transformers' ``Pooling`` module computes it."""
        import numpy as np
        parts = []
        counts = np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        for mode in self.spec.pooling:
            if mode == "cls":
                parts.append(hidden[:, 0, :])
            elif mode == "max":
                masked = np.where(mask[:, :, None] > 0, hidden, np.float32(-1e9))
                parts.append(masked.max(axis=1))
            else:  # mean, mean_sqrt_len_tokens
                summed = np.einsum("bld,bl->bd", hidden, mask)
                parts.append(summed / (counts if mode == "mean" else np.sqrt(counts)))
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)


def _cpu_count() -> int:
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, count))


def _one_blas_thread():
    """A context in which BLAS runs single-threaded (when threadpoolctl is there).

    Batches run in parallel threads instead (a single batch is split for them): numpy releases the GIL in matrix products
    and ufuncs, so the element-wise work (GELU, softmax, LayerNorm) is spread over the
    cores too, and no BLAS thread spins waiting for work (on a loaded machine that spinning
    cost a third more CPU time).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        import contextlib
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _batches(sorted_lengths: numpy.ndarray, max_rows: int, max_tokens: int):
    """Slices of consecutive rows (lengths sorted longest first) whose padded size,
    rows × longest length, stays within ``max_tokens`` (and ``max_rows`` rows)."""
    start, total = 0, len(sorted_lengths)
    while start < total:
        longest = max(1, int(sorted_lengths[start]))
        rows = max(1, min(max_rows, max_tokens // longest))
        yield slice(start, min(total, start + rows))
        start += rows


def _lowercases(normalizer: Any) -> bool:
    """Whether a ``tokenizers`` normalizer already lowercases (from its JSON form)."""
    if normalizer is None:
        return False
    try:
        text = json.dumps(json.loads(normalizer.__getstate__()))
    except Exception:
        text = repr(normalizer)
    return '"lowercase": true' in text or '"type": "Lowercase"' in text


def _weight_prefix(weights: dict[str, Any]) -> str:
    """``""`` or the prefix (``"bert."``, ...) before ``embeddings.word_embeddings.weight``."""
    suffix = "embeddings.word_embeddings.weight"
    found = sorted((k[: -len(suffix)] for k in weights if k.endswith(suffix)), key=len)
    if not found:
        raise Unsupported(f"model.safetensors has no tensor '{suffix}'")
    return found[0]


def _load_weights(path: str) -> dict[str, numpy.ndarray]:
    """The float32 tensors of a safetensors file (float16 ones are widened)."""
    import numpy as np
    from safetensors import safe_open

    out: dict[str, numpy.ndarray] = {}
    try:
        with safe_open(path, framework="numpy") as fh:
            for name in fh.keys():
                if name.endswith(("position_ids", "pooler.dense.weight", "pooler.dense.bias")):
                    continue
                value = fh.get_tensor(name)
                if value.dtype == np.float16:
                    value = value.astype(np.float32)
                if value.dtype != np.float32:
                    raise Unsupported(f"model.safetensors tensor '{name}' is {value.dtype}, "
                                      "not float32")
                out[name] = value
    except Unsupported:
        raise
    except Exception as exc:  # a damaged file, or a dtype numpy cannot hold (bfloat16)
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise Unsupported(f"model.safetensors cannot be read with numpy ({message})") from None
    return out
