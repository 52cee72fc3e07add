"""CLI test helpers (after sqlfluff's invoke_assert_code)."""
from __future__ import annotations

from click.testing import CliRunner

from voicelint.cli import cli


def invoke_assert_code(args, code=0, env=None):
    runner = CliRunner()
    result = runner.invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)
    assert result.exit_code == code, (
        f"exit {result.exit_code} != {code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result
