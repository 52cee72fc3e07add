"""Saving and loading a :class:`voicelint.judgement.voice.model.VoiceModel`: a deterministic JSON file (same
model, byte-identical file), refused with a clear message when another voicelint wrote it."""
from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from voicelint.shared.errors import ModelError
from voicelint.nlp import style
from .features import CHAR_NGRAMS, NGRAM_BLOCKS, WORD_NGRAMS, WORD_TOKENS
from voicelint.shared.numbers import numpy as _np
from voicelint.shared.numbers import round_significant

FORMAT = "voicelint-voice"
VERSION = 2               # 2: binary NB-weighted n-grams of surface_text (1: l2 counts)


def _b64(array, dtype) -> str:
    np = _np()
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def _unb64(text: str, dtype):
    np = _np()
    return np.frombuffer(base64.b64decode(text.encode("ascii")), dtype=dtype).copy()



class Serialised:
    """``to_dict``/``from_dict``, ``dumps``/``save``/``load`` (a mixin of
    :class:`~voicelint.judgement.voice.model.VoiceModel`)."""

    def to_dict(self) -> dict:
        """A JSON-serialisable, deterministic description of the model."""
        np = _np()
        d: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "lang": self.lang, "kind": self.kind,
            "model_id": self.model_id, "seed": self.seed,
            "params": {k: (round_significant(v) if isinstance(v, (int, float)) else v)
                       for k, v in sorted(self.params.items())},
            "char_ngrams": {"analyzer": CHAR_NGRAMS["analyzer"],
                            "ngram_range": list(CHAR_NGRAMS["ngram_range"]),
                            "n_features": CHAR_NGRAMS["n_features"]},
            "word_ngrams": {"ngram_range": list(WORD_NGRAMS["ngram_range"]),
                            "n_features": WORD_NGRAMS["n_features"], "token_pattern": WORD_TOKENS},
            "style_features": len(style.feature_names(self.lang)),
            "target_fa": round_significant(self.target_fa), "threshold": round_significant(self.threshold),
            "counts": dict(sorted(self.counts.items())),
            "calibration": {k: round_significant(v, 4) for k, v in sorted(self.calibration.items())},
            "traits": {name: {"mean": round_significant(self.trait_mean[name], 5), "std": round_significant(self.trait_std[name], 5)}
                       for name in style.TRAIT_NAMES if name in self.trait_mean},
            "style_mean": _b64(self.style_mean, "<f4"),
            "style_std": _b64(self.style_std, "<f4"),
            "examples": list(self.examples),
        }
        if self.reply_share is not None:
            d["reply_share"] = round_significant(self.reply_share, 4)
        if self.examples_oof:
            d["examples_oof"] = [round_significant(v, 5) for v in self.examples_oof]
        if self.kind == "linear":
            d["intercept"] = round_significant(self.intercept, 8)
            d["coef_style"] = _b64(self.coef_style, "<f4")
            d["coef_emb"] = _b64(self.coef_emb, "<f4") if self.coef_emb is not None else None
            d["ngrams"] = {name: {"idx": _b64(b["idx"], "<i4"), "pos": _b64(b["pos"], "<i4"),
                                  "neg": _b64(b["neg"], "<i4"), "coef": _b64(b["coef"], "<f4")}
                           for name, b in sorted(self.ngrams.items())}
        else:
            d["centroid_emb"] = (_b64(self.centroid_emb, "<f4")
                                 if self.centroid_emb is not None else None)
            d["centroid_char"] = {"idx": _b64(self.centroid_char_idx, "<i4"),
                                  "val": _b64(self.centroid_char_val, "<f4")}
            d["oc_norm"] = {k: [round_significant(a, 8), round_significant(b, 8)] for k, (a, b) in sorted(self.oc_norm.items())}
            d["oc_quantiles"] = _b64(np.asarray(self.oc_quantiles), "<f4")
        return d

    @classmethod
    def from_dict(cls, d: dict, embedder=None) -> "VoiceModel":
        np = _np()
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ValueError("not a voicelint voice model")
        if int(d.get("version", 0)) > VERSION:
            raise ValueError(f"voice model version {d.get('version')} is newer than this "
                             f"voicelint understands ({VERSION}): upgrade voicelint")
        if int(d.get("version", 0)) < VERSION:
            raise ValueError(f"voice model version {d.get('version')} was written by an older "
                             f"voicelint (this one reads version {VERSION}): learn it again")
        ng = d.get("char_ngrams", {})
        if (ng.get("analyzer"), tuple(ng.get("ngram_range", ())), ng.get("n_features")) != (
                CHAR_NGRAMS["analyzer"], tuple(CHAR_NGRAMS["ngram_range"]), CHAR_NGRAMS["n_features"]):
            raise ValueError("voice model was learned with other character n-gram settings: learn it again")
        wg = d.get("word_ngrams", {})
        if (tuple(wg.get("ngram_range", ())), wg.get("n_features"), wg.get("token_pattern")) != (
                tuple(WORD_NGRAMS["ngram_range"]), WORD_NGRAMS["n_features"], WORD_TOKENS):
            raise ValueError("voice model was learned with other word n-gram settings: learn it again")
        self = cls()
        self.lang = style._check_lang(d["lang"])
        if d.get("style_features") != len(style.feature_names(self.lang)):
            raise ValueError("voice model was learned with other style features: learn it again")
        self.kind = d["kind"]
        self.model_id = d.get("model_id")
        self.seed = int(d.get("seed", 0))
        self.params.update(d.get("params", {}))
        self.target_fa = float(d["target_fa"])
        self.threshold = float(d["threshold"])
        self.counts = dict(d.get("counts", {}))
        self.calibration = dict(d.get("calibration", {}))
        for name, st in d.get("traits", {}).items():
            self.trait_mean[name] = float(st["mean"])
            self.trait_std[name] = float(st["std"])
        self.style_mean = _unb64(d["style_mean"], "<f4").astype(np.float64)
        self.style_std = _unb64(d["style_std"], "<f4").astype(np.float64)
        self.examples = list(d.get("examples", []))
        share = d.get("reply_share")                          # not stored before: unknown
        self.reply_share = float(share) if isinstance(share, (int, float)) else None
        self.examples_oof = [float(v) for v in d.get("examples_oof") or []]
        if self.kind == "linear":
            self.intercept = float(d["intercept"])
            self.coef_style = _unb64(d["coef_style"], "<f4")
            self.coef_emb = _unb64(d["coef_emb"], "<f4") if d.get("coef_emb") else None
            self.ngrams = {}
            for name, b in sorted(d["ngrams"].items()):
                if name not in NGRAM_BLOCKS:
                    raise ValueError(f"unknown n-gram block {name!r}")
                blk = {"idx": _unb64(b["idx"], "<i4"), "pos": _unb64(b["pos"], "<i4"),
                       "neg": _unb64(b["neg"], "<i4"), "coef": _unb64(b["coef"], "<f4")}
                if len({len(v) for v in blk.values()}) != 1 or (
                        len(blk["idx"]) and (blk["idx"].min() < 0
                                             or blk["idx"].max() >= NGRAM_BLOCKS[name]["n_features"])):
                    raise ValueError(f"n-gram block {name!r} is damaged")
                self.ngrams[name] = blk
        elif self.kind == "one_class":
            self.centroid_emb = _unb64(d["centroid_emb"], "<f4") if d.get("centroid_emb") else None
            self.centroid_char_idx = _unb64(d["centroid_char"]["idx"], "<i4")
            self.centroid_char_val = _unb64(d["centroid_char"]["val"], "<f4")
            self.oc_norm = {k: [float(a), float(b)] for k, (a, b) in d["oc_norm"].items()}
            self.oc_quantiles = _unb64(d["oc_quantiles"], "<f4")
        else:
            raise ValueError(f"unknown voice model kind {self.kind!r}")
        if embedder is not None:
            self.bind(embedder)
        return self

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":")) + "\n"

    def save(self, path) -> Path:
        """Write the model as JSON (deterministic: same model, byte-identical file)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.dumps(), encoding="utf-8", newline="\n")
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path, embedder=None) -> "VoiceModel":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_dict(data, embedder=embedder)
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read the voice model: {exc}", path=str(path)) from None
