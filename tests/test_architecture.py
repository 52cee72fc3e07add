"""Keep the architecture visible: core modules never import the CLI or the formatters."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "voicelint"
CORE = ["engine.py", "documents.py", "profile.py", "findings.py", "suppress.py", "rules.py", "config.py",
        "api.py", "yamlutil.py"] + [f"checks/{p.name}" for p in sorted((SRC / "checks").glob("*.py"))]
FORBIDDEN = ("voicelint.cli", "voicelint.formatters")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = "voicelint" + ("." + ".".join(path.relative_to(SRC).parts[:-1]) if len(path.relative_to(SRC).parts) > 1 else "")
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


@pytest.mark.parametrize("rel", CORE)
def test_core_does_not_import_cli_or_formatters(rel):
    mods = imported_modules(SRC / rel)
    bad = sorted(m for m in mods if m.startswith(FORBIDDEN))
    assert not bad, f"{rel} imports {bad}"


def test_every_registered_check_type_has_a_module():
    from voicelint.checks import registry
    missing = [name for name, mod in registry.CHECK_TYPES.items() if not (SRC / "checks" / f"{mod}.py").exists()]
    assert not missing, f"registered check types without a module: {missing}"
