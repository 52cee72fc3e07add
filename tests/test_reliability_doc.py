"""docs/RELIABILITY.md stays true: its table of cases is the one generated from the test data,
and every case it lists is held by a test that exists."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from hostile_cases import HANDLED, REFUSED, table

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "RELIABILITY.md"


def test_table_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- cases:start -->\n(.*)<!-- cases:end -->", text, re.S)
    assert m, "markers missing in docs/RELIABILITY.md"
    assert m.group(1) == table(), "regenerate the table: python tests/hostile_cases.py"


def test_case_ids_are_unique():
    ids = [c.id for c in REFUSED] + [h[0] for h in HANDLED]
    assert len(ids) == len(set(ids))


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_every_handled_case_names_a_real_test():
    for cid, _area, _what, _outcome, test in HANDLED:
        file, _, func = test.partition("::")
        path = ROOT / file
        assert path.is_file(), f"{cid}: {file} does not exist"
        if func:
            assert func in _functions(path), f"{cid}: {test} does not exist"


def test_every_refused_case_is_run():
    """The refused cases are run by the parametrised test, which must still read REFUSED."""
    src = (ROOT / "tests" / "test_hostile_inputs.py").read_text(encoding="utf-8")
    assert '@pytest.mark.parametrize("case", REFUSED' in src
