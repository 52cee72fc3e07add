from __future__ import annotations

from pathlib import Path

import pytest

from voicelint.inputs import config
from voicelint.shared.errors import ConfigError


def test_discovery_walks_up(tmp_path, monkeypatch):
    (tmp_path / "voicelint.yaml").write_text("profile: brand.yaml\nfail_on: warning\n", encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    cfg = config.load()
    assert cfg.profile == str(tmp_path / "brand.yaml")
    assert cfg.fail_on == "warning"


def test_a_profile_under_the_working_folder_is_shown_as_typed(tmp_path, monkeypatch):
    # findings on the profile (VL9xx) name it as the drafts are named: relative to where the
    # command runs, not as an absolute path (annotations and SARIF want it relative)
    (tmp_path / "voicelint.yaml").write_text("profiles: [brand_profiles/a.yaml]\nprofile: brand_profiles/b.yaml\n",
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cfg = config.load()
    assert cfg.profile == str(Path("brand_profiles") / "b.yaml") and cfg.profiles == [str(Path("brand_profiles") / "a.yaml")]


def test_pyproject_section(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.voicelint]\nprofile = "b.yaml"\nselect = ["VL1"]\n',
                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cfg = config.load()
    assert cfg.select == ["VL1"] and cfg.profile.endswith("b.yaml")


def test_pyproject_without_section_is_skipped(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert config.load().path is None


@pytest.mark.parametrize("text,fragment", [
    ("profil: b.yaml\n", "did you mean 'profile'"),
    ("fail_on: fatal\n", "expected one of info, warning, error"),
    ("severity: {VL101: loud}\n", "expected error, warning, info or off"),
    ("select: 12\n", "expected a list of texts"),
])
def test_bad_config(tmp_path, text, fragment):
    p = tmp_path / "voicelint.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        config.load(p)
    assert fragment in str(exc.value) and str(p) in str(exc.value) and exc.value.line == 1


def test_a_bare_off_severity_is_off_not_false(tmp_path):
    # YAML 1.1 reads `off` as false; `VL203: off` is what the docs tell users to write
    (tmp_path / "voicelint.yaml").write_text("severity: {VL203: off, VL2: warning}\n", encoding="utf-8")
    assert config.load(tmp_path / "voicelint.yaml").severity == {"VL203": "off", "VL2": "warning"}
    from voicelint.inputs import profile
    prof = profile.loads("name: A\nrules:\n  severity: {VL203: off}\n")
    assert prof.data["rules"]["severity"] == {"VL203": "off"}
