"""What a sentence-transformers model directory holds, read from its JSON files alone (nothing
heavy imported): :func:`inspect_model` says whether :mod:`.bert_numpy` can run it, and how."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

#: ``config.json`` ``hidden_act`` values this module computes, and how.
ACTIVATIONS = ("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu")
#: Pooling modes of sentence-transformers' ``Pooling`` module that this module computes.
POOLING_MODES = ("mean", "cls", "max", "mean_sqrt_len_tokens")
_LEGACY_POOLING = {
    "pooling_mode_cls_token": "cls", "pooling_mode_mean_tokens": "mean",
    "pooling_mode_max_tokens": "max", "pooling_mode_mean_sqrt_len_tokens": "mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens": "weightedmean", "pooling_mode_lasttoken": "lasttoken",
}


class Unsupported(Exception):
    """The model directory is not one this module can run; ``str()`` says why, in one line."""


@dataclass(frozen=True)
class ModelSpec:
    """What :func:`inspect_model` learnt from a model directory's JSON files."""

    path: str                  # the sentence-transformers model directory
    transformer_dir: str       # where config.json, tokenizer.json, model.safetensors are
    config: dict
    max_seq_length: int
    do_lower_case: bool
    pooling: tuple[str, ...]
    normalize: bool


def _read_json(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _module_kind(entry: dict) -> str:
    return str(entry.get("type", "")).rsplit(".", 1)[-1]


def _pooling_modes(config: dict) -> tuple[str, ...]:
    mode = config.get("pooling_mode")
    if mode is None:
        modes = tuple(name for key, name in _LEGACY_POOLING.items() if config.get(key) is True)
    elif isinstance(mode, str):
        modes = (mode,)
    else:
        modes = tuple(str(m) for m in mode)
    return modes


def inspect_model(path: str) -> ModelSpec:
    """The :class:`ModelSpec` of the sentence-transformers model in ``path``.

    Reads ``modules.json``, the Transformer module's ``config.json`` and
    ``sentence_bert_config.json``, and the Pooling module's config; checks that
    ``tokenizer.json`` and ``model.safetensors`` exist. Imports nothing heavy.
    Raises :class:`Unsupported` naming the first thing this module cannot run.
    """
    try:
        modules = _read_json(os.path.join(path, "modules.json"))
    except FileNotFoundError:
        raise Unsupported("it has no modules.json (not a sentence-transformers model)") from None
    except (OSError, ValueError) as exc:
        raise Unsupported(f"its modules.json cannot be read ({exc})") from None
    if not isinstance(modules, list) or not all(isinstance(m, dict) for m in modules):
        raise Unsupported("its modules.json is not a list of modules")
    modules = sorted(modules, key=lambda m: int(m.get("idx", 0)))
    kinds = [_module_kind(m) for m in modules]
    if len(kinds) < 2 or kinds[0] != "Transformer" or kinds[1] != "Pooling" \
            or any(k != "Normalize" for k in kinds[2:]):
        raise Unsupported(f"its modules are {' + '.join(kinds) or 'none'}; the numpy back end runs "
                          "Transformer + Pooling [+ Normalize] only")
    transformer_dir = os.path.join(path, str(modules[0].get("path") or ""))
    pooling_dir = os.path.join(path, str(modules[1].get("path") or ""))
    try:
        config = _read_json(os.path.join(transformer_dir, "config.json"))
        pooling = _read_json(os.path.join(pooling_dir, "config.json"))
    except (OSError, ValueError) as exc:
        raise Unsupported(f"a module config cannot be read ({exc})") from None
    try:
        sbert = _read_json(os.path.join(transformer_dir, "sentence_bert_config.json"))
    except FileNotFoundError:
        sbert = {}
    except (OSError, ValueError) as exc:
        raise Unsupported(f"its sentence_bert_config.json cannot be read ({exc})") from None
    if not isinstance(config, dict) or not isinstance(pooling, dict) or not isinstance(sbert, dict):
        raise Unsupported("a module config is not a JSON object")

    model_type = config.get("model_type")
    architectures = config.get("architectures") or ["BertModel"]
    if model_type != "bert" or not all(str(a).startswith("Bert") for a in architectures):
        raise Unsupported(f"it is a '{model_type}' model ({', '.join(map(str, architectures))}); "
                          "the numpy back end runs BERT models only")
    if config.get("position_embedding_type", "absolute") != "absolute" or config.get("is_decoder"):
        raise Unsupported("it uses relative positions or a decoder, which the numpy back end "
                          "does not run")
    act = config.get("hidden_act")
    if act not in ACTIVATIONS:
        raise Unsupported(f"its activation '{act}' is not one of {', '.join(ACTIVATIONS)}")
    try:
        hidden, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
        layers, positions = int(config["num_hidden_layers"]), int(config["max_position_embeddings"])
        int(config["intermediate_size"])
    except (KeyError, TypeError, ValueError) as exc:
        raise Unsupported(f"its config.json lacks a usable {exc}") from None
    if hidden <= 0 or heads <= 0 or hidden % heads or layers <= 0 or positions <= 0:
        raise Unsupported("its config.json has inconsistent sizes")

    modes = _pooling_modes(pooling)
    unknown = [m for m in modes if m not in POOLING_MODES]
    if not modes or unknown:
        raise Unsupported(f"its pooling {', '.join(modes) or '(none)'} is not supported; the numpy "
                          f"back end pools with {', '.join(POOLING_MODES)}")
    size = pooling.get("embedding_dimension", pooling.get("word_embedding_dimension", hidden))
    if size != hidden:
        raise Unsupported(f"its pooling expects {size} dimensions, the transformer gives {hidden}")

    for needed, why in (("tokenizer.json", "the fast tokenizer file"),
                        ("model.safetensors", "weights in safetensors format; "
                                              "pytorch_model.bin needs torch")):
        if not os.path.isfile(os.path.join(transformer_dir, needed)):
            raise Unsupported(f"it has no {needed} ({why})")

    max_len = sbert.get("max_seq_length")
    if not isinstance(max_len, int) or max_len <= 0:
        max_len = _tokenizer_max_length(transformer_dir) or positions
    return ModelSpec(path=path, transformer_dir=transformer_dir, config=config,
                     max_seq_length=min(max_len, positions),
                     do_lower_case=bool(sbert.get("do_lower_case", False)),
                     pooling=modes, normalize=len(kinds) > 2)


def _tokenizer_max_length(directory: str) -> int | None:
    try:
        value = _read_json(os.path.join(directory, "tokenizer_config.json")).get("model_max_length")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and 0 < value < 1_000_000 else None
