"""What a pull request can put in front of voicelint must not run code nor read what it should
not: YAML only through the safe loader, no object tags, examples only from inside the project."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint.inputs import profile as profile_mod
from voicelint.shared.errors import ProfileError

SRC = Path(__file__).resolve().parents[1] / "src" / "voicelint"

UNSAFE_YAML = re.compile(
    r"yaml\.(?:load|load_all|full_load|full_load_all|unsafe_load|unsafe_load_all)\s*\("
    r"|(?:Full|Unsafe|Unsafe_?C?|C)?Loader\b(?<!SafeLoader)(?<!CSafeLoader)(?<!BoundedLoader)"
    r"|yaml\.add_(?:constructor|multi_constructor|implicit_resolver)")


def unsafe_yaml_uses(text: str) -> list[str]:
    hits = []
    for n, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if UNSAFE_YAML.search(code) and "SafeLoader" not in code:
            hits.append(f"{n}: {line.strip()}")
    return hits


def test_the_unsafe_yaml_detector_detects():
    for bad in ("yaml.load(text)", "yaml.load(text, Loader=yaml.Loader)", "yaml.full_load(s)",
                "yaml.unsafe_load(s)", "x = yaml.FullLoader", "yaml.load_all(s, Loader=yaml.CLoader)",
                "yaml.add_constructor('!x', f)"):
        assert unsafe_yaml_uses(bad), bad
    for good in ("yaml.safe_load(s)", "yaml.compose(text, Loader=yaml.SafeLoader)",
                 "class _BoundedLoader(yaml.SafeLoader):", "yaml.safe_dump(x)", "# yaml.load(x) in a comment"):
        assert not unsafe_yaml_uses(good), good


def test_no_unsafe_yaml_in_src():
    """Every YAML read in src/ goes through SafeLoader (yamlutil) or safe_load."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        hits = unsafe_yaml_uses(path.read_text(encoding="utf-8"))
        if hits:
            found[str(path.relative_to(SRC))] = hits
    assert not found, f"unsafe YAML loading: {found}"


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system",
                                 "!!python/name:os.system", "!!python/module:os"])
def test_python_tags_never_run(tmp_path, tag):
    flag = tmp_path / "pwned"
    (tmp_path / "brand.yaml").write_text(f"name: {tag} ['touch {flag}']\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="unsupported tag"):
        profile_mod.load(tmp_path / "brand.yaml")
    assert not flag.exists()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A Git work tree with a profile folder and an approved-posts folder beside it; the
    current directory is somewhere else, as in a CI step run from another folder."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "brand_profiles").mkdir()
    (repo / "approved").mkdir()
    (repo / "approved" / "a.md").write_text("Un post approuvé, au calme.\n", encoding="utf-8")
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("SECRET-TOKEN-123\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv(profile_mod.ALLOW_OUTSIDE_ENV, raising=False)
    return repo, secret


def load(repo: Path, voice: str) -> profile_mod.Profile:
    path = repo / "brand_profiles" / "brand.yaml"
    path.write_text(f"name: Lumen\nvoice:\n{voice}", encoding="utf-8")
    return profile_mod.load(path)


def test_examples_from_must_stay_inside(project, monkeypatch):
    repo, secret = project
    assert load(repo, "  examples_from: ../approved\n").examples("voice") == ["Un post approuvé, au calme."]
    for ref in (str(secret), str(secret.parent), "../../outside/secret.md", "/etc/passwd"):
        prof = load(repo, f"  examples_from: {ref}\n")
        with pytest.raises(ProfileError) as exc:
            prof.examples("voice")
        msg = str(exc.value)
        assert exc.value.line == 3 and "voice.examples_from" in msg and "outside" in msg, msg
        assert "SECRET" not in msg
    # a symbolic link inside the project that points outside is followed, and refused
    (repo / "approved" / "leak.md").symlink_to(secret)
    with pytest.raises(ProfileError, match="leak.md is outside"):
        load(repo, "  examples_from: ../approved\n").examples("voice")
    # competitors' and pillars' examples too, named by their index
    path = repo / "brand_profiles" / "brand.yaml"
    path.write_text(f"name: Lumen\ncompetitors:\n  - name: A\n  - name: B\n    examples_from: {secret}\n",
                    encoding="utf-8")
    prof = profile_mod.load(path)
    with pytest.raises(ProfileError, match=r"competitors\[1\]\.examples_from") as exc:
        prof.examples("competitors", item=prof.competitors[1])
    assert exc.value.line == 5
    # the owner of the machine may allow it
    monkeypatch.setenv(profile_mod.ALLOW_OUTSIDE_ENV, "1")
    assert load(repo, f"  examples_from: {secret}\n").examples("voice") == ["SECRET-TOKEN-123"]


def test_examples_from_the_current_directory_is_allowed(tmp_path, monkeypatch):
    """Without Git, the folder voicelint runs from is the project."""
    (tmp_path / "profiles").mkdir()
    (tmp_path / "approved").mkdir()
    (tmp_path / "approved" / "a.md").write_text("Approuvé.\n", encoding="utf-8")
    (tmp_path / "profiles" / "b.yaml").write_text("name: L\nvoice:\n  examples_from: ../approved\n",
                                                  encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(profile_mod.ALLOW_OUTSIDE_ENV, raising=False)
    assert profile_mod.load("profiles/b.yaml").examples("voice") == ["Approuvé."]


@pytest.mark.slow
@pytest.mark.semantic
def test_cli_refuses_examples_outside(project):
    """End to end: the semantic checks read the examples, and the run stops at the key."""
    repo, secret = project
    (repo / "brand_profiles" / "brand.yaml").write_text(
        f"name: Lumen\nlanguage: fr\nproposition: Des bougies.\npillars:\n  - id: a\n    description: bougies\n"
        f"voice:\n  examples_from: {secret}\n", encoding="utf-8")
    (repo / "post.md").write_text("Une bougie ce soir.\n", encoding="utf-8")
    r = invoke_assert_code(["check", repo / "post.md", "--profile", repo / "brand_profiles" / "brand.yaml"],
                           code=2)
    assert "brand.yaml:8:3: voice.examples_from:" in r.stderr and "SECRET" not in r.stderr + r.stdout
