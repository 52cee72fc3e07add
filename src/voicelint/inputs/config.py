"""Configuration discovery and merging.

``--config FILE``, else ``voicelint.yaml`` / ``.voicelint.yaml`` or ``[tool.voicelint]`` in
``pyproject.toml``, found by walking up from the current directory. Paths in a config file
are relative to that file. Command-line options win over the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from voicelint.shared.errors import ConfigError
from voicelint.findings import SEVERITIES
from voicelint.shared.messages import did_you_mean, one_of
from .yamlutil import Located, load_yaml_file

CONFIG_NAMES = ("voicelint.yaml", "voicelint.yml", ".voicelint.yaml", ".voicelint.yml")
KEYS = ("profile", "profiles", "rules", "select", "ignore", "severity", "fail_on", "model",
        "cache_dir", "nlp", "semantic", "format", "exclude", "jobs", "embedding_backend",
        "scheduler")
EMBEDDING_BACKENDS = ("auto", "numpy", "torch")  # = voicelint.nlp.embeddings.BACKENDS


@dataclass
class Config:
    path: str | None = None
    profile: str | None = None
    profiles: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    model: str | None = None
    cache_dir: str | None = None
    nlp: dict = field(default_factory=dict)
    semantic: bool | None = None
    format: str | None = None
    exclude: list[str] = field(default_factory=list)
    jobs: int | None = None
    embedding_backend: str | None = None
    scheduler: str | None = None  # a Dask scheduler address or 'local' (docs/scale.md)
    loc: Located | None = field(default=None, repr=False, compare=False)

    def place(self, *keypath) -> dict:
        """Where a setting is written (path, line, column, key), for an error about its value."""
        line = col = None
        if self.loc is not None and self.loc.marks:   # pyproject.toml: no positions
            line, col = self.loc.where(keypath)
        return {"path": self.path, "line": line, "column": col, "key": str(keypath[0])}

    def code_origins(self) -> dict:
        """Where each select/ignore/severity code is written, as ``Options.origins`` takes it."""
        out = {(key, i): self.place(key, i) for key in ("select", "ignore") for i in range(len(getattr(self, key)))}
        out.update({("severity", c): self.place("severity", c) for c in self.severity})
        return out


def find_config(start: Path | None = None) -> Path | None:
    cur = (start or Path.cwd()).resolve()
    for d in [cur, *cur.parents]:
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file() and _pyproject_section(pp) is not None:
            return pp
    return None


def _pyproject_section(path: Path):
    import tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return None
    return (data.get("tool") or {}).get("voicelint")


def load(path: str | Path | None = None, discover: bool = True) -> Config:
    if path is None:
        if not discover:
            return Config()
        found = find_config()
        if found is None:
            return Config()
        path = found
    path = Path(path)
    if path.name == "pyproject.toml":
        if not path.is_file():
            raise ConfigError("file not found", path=str(path))
        import tomllib
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", path=str(path)) from None
        section = (data.get("tool") or {}).get("voicelint") or {}
        loc = Located(data=section, path=str(path))
    else:
        loc = load_yaml_file(path, ConfigError)
    return from_located(loc)


def from_located(loc: Located) -> Config:
    data = loc.data or {}
    base = Path(loc.path).parent

    def fail(key, msg):
        line, col = loc.where((key,))
        raise ConfigError(msg, path=loc.path, line=line, column=col, key=key)

    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings", path=loc.path, line=1)
    cfg = Config(path=loc.path, loc=loc)
    from .documents import display_path   # a profile is named as the drafts are: from here
    for key, value in data.items():
        if key not in KEYS:
            fail(key, f"unknown key '{key}'{did_you_mean(key, KEYS)}; expected one of {one_of(KEYS)}")
        if key in ("profile", "model", "cache_dir", "format", "scheduler"):
            if not isinstance(value, str):
                fail(key, "expected a text value")
            if key in ("profile", "cache_dir") or (key == "model" and _looks_like_path(value)):
                value = display_path(base / value) if not Path(value).is_absolute() else value
            setattr(cfg, key, value)
        elif key in ("profiles", "rules", "select", "ignore", "exclude"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                fail(key, "expected a list of texts")
            if key in ("profiles", "rules"):
                value = [display_path(base / v) if not Path(v).is_absolute() else v for v in value]
            setattr(cfg, key, list(value))
        elif key == "severity":
            if not isinstance(value, dict):
                fail(key, "expected a mapping of CODE: error|warning|info|off")
            value = {c: "off" if s is False else s for c, s in value.items()}  # YAML reads `off` as false
            for c, s in value.items():
                if s not in (*SEVERITIES, "off"):
                    fail(key, f"severity for {c}: expected error, warning, info or off, got '{s}'")
            cfg.severity = {str(k): str(v) for k, v in value.items()}
        elif key == "fail_on":
            if value not in SEVERITIES:
                fail(key, f"expected one of {one_of(SEVERITIES)}, got '{value}'")
            cfg.fail_on = value
        elif key == "nlp":
            if not isinstance(value, dict):
                fail(key, "expected a mapping such as {fr: fr_core_news_md}")
            cfg.nlp = {str(k): str(v) for k, v in value.items()}
        elif key == "semantic":
            if not isinstance(value, bool):
                fail(key, "expected true or false")
            cfg.semantic = value
        elif key == "embedding_backend":
            if value not in EMBEDDING_BACKENDS:
                fail(key, f"expected one of {one_of(EMBEDDING_BACKENDS)}, got '{value}'")
            cfg.embedding_backend = value
        elif key == "jobs":
            if not isinstance(value, int) or value < 1:
                fail(key, "expected a whole number ≥ 1")
            cfg.jobs = value
    return cfg


def _looks_like_path(value: str) -> bool:
    return value.startswith((".", "/", "~")) or "/" in value and not value.count("/") == 1
