"""Validate voicelint's SARIF against the official SARIF 2.1.0 JSON schema.

Runs ``voicelint check --format sarif`` on the bundled examples (``examples/drafts`` with the
``voicelint.yaml`` at the repository root), or on a few drafts of its own when those are not
there, validates the document with ``jsonschema``, then checks what the schema cannot: every
``ruleId`` has a descriptor at ``ruleIndex``, URIs are relative to ``%SRCROOT%``, and the
``partialFingerprints`` are unique and survive lines inserted above the findings.

    python bench/check_sarif.py --schema ../shared/data/sarif-schema-2.1.0.json [--semantic]

Exit 0 when everything holds, 1 otherwise (each problem printed).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROFILE = """\
name: Check Brand
language: fr
lexicon:
  banned: [consommateur]
  preferred: {consommateur: client}
  claims:
    forbidden: ["garanti", "le meilleur"]
"""
DRAFTS = {
    "drafts/linkedin/promo.md": "---\nplatform: linkedin\n---\nNotre savon est le meilleur du marché.\n\n"
                                "Résultat garanti pour chaque consommateur !\n",
    "drafts/instagram/rituel.md": "Le rituel du soir : trois gestes, une mousse légère. 🌙\n",
    "drafts/calendar.csv": "platform,text\ntwitter,Livraison garantie en 24 h pour tout consommateur\n",
}


def own_corpus(dest: Path) -> tuple[Path, list[str]]:
    (dest / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    (dest / "voicelint.yaml").write_text("profile: brand.yaml\n", encoding="utf-8")
    for rel, text in DRAFTS.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
    return dest, ["drafts"]


def run_sarif(cwd: Path, paths: list[str], semantic: bool, config: Path | None = None) -> dict:
    cmd = [sys.executable, "-m", "voicelint", "check", *paths, "--format", "sarif"]
    if config is not None:
        cmd += ["--config", str(config)]
    if not semantic:
        cmd.append("--no-semantic")
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"voicelint exited {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def problems_beyond_schema(doc: dict) -> list[str]:
    out = []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        out.append("duplicate rule ids in tool.driver.rules")
    fps = []
    for i, res in enumerate(run["results"]):
        idx = res.get("ruleIndex")
        if idx is None or idx >= len(rules) or rules[idx]["id"] != res["ruleId"]:
            out.append(f"result {i}: ruleIndex {idx} does not point at {res['ruleId']}")
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        if art.get("uriBaseId") == "%SRCROOT%" and (art["uri"].startswith("/") or "\\" in art["uri"]):
            out.append(f"result {i}: uri {art['uri']!r} is not relative with forward slashes")
        fps.append(res["partialFingerprints"]["voicelint/v1"])
    if len(fps) != len(set(fps)):
        out.append("partialFingerprints are not unique")
    return out


def _draft_fingerprints(doc: dict) -> list[str]:
    return sorted(r["partialFingerprints"]["voicelint/v1"] for r in doc["runs"][0]["results"]
                  if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".md"))


def shifted_fingerprints(corpus: Path, paths: list[str], semantic: bool, before: dict) -> list[str]:
    """Copy the drafts, insert blank lines at the top of every Markdown body, lint the copy
    with the same configuration: the drafts' fingerprints must not change."""
    with tempfile.TemporaryDirectory() as tmp:
        for rel in paths:
            shutil.copytree(corpus / rel, Path(tmp) / rel)
        for md in Path(tmp).rglob("*.md"):
            text = md.read_text(encoding="utf-8")
            if text.startswith("---\n") and "\n---\n" in text[3:]:
                end = text.index("\n---\n", 3) + 5
                text = text[:end] + "\n\n\n" + text[end:]
            else:
                text = "\n\n\n" + text
            md.write_text(text, encoding="utf-8")
        after = run_sarif(Path(tmp), paths, semantic, config=corpus / "voicelint.yaml")
    a, b = _draft_fingerprints(before), _draft_fingerprints(after)
    if not a:
        return ["no findings in Markdown drafts: nothing to compare"]
    return [] if a == b else [f"fingerprints moved with the lines: {len(set(a) ^ set(b))} differ"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schema", required=True, help="path of sarif-schema-2.1.0.json")
    ap.add_argument("--semantic", action="store_true", help="also run the embedding checks")
    args = ap.parse_args(argv)

    import jsonschema

    schema = json.loads(Path(args.schema).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        if (ROOT / "examples" / "drafts").is_dir() and (ROOT / "voicelint.yaml").is_file():
            corpus, paths = ROOT, ["examples/drafts"]
        else:
            print("examples/drafts or voicelint.yaml missing: using a corpus of its own")
            corpus, paths = own_corpus(Path(tmp))
        doc = run_sarif(corpus, paths, args.semantic)
        validator = jsonschema.validators.validator_for(schema)(schema)
        problems = [f"schema: {'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
                    for e in validator.iter_errors(doc)]
        problems += problems_beyond_schema(doc)
        problems += shifted_fingerprints(corpus, paths, args.semantic, doc)
    run = doc["runs"][0]
    for p in problems:
        print(f"FAIL {p}")
    print(f"{'OK' if not problems else 'FAILED'}: {len(run['results'])} results, "
          f"{len(run['tool']['driver']['rules'])} rules, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
