"""User-facing errors: one line, naming the file (and line), exit code 2.

Anything a user can get wrong (a profile, a config, a draft, an option) raises
:class:`UserError`; the CLI prints ``str(err)`` and exits 2, never a traceback.
"""
from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input. ``str()`` is the one-line message to print."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None, key: str | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        super().__init__(self.format())

    def format(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}".replace("\n", " ")


class ProfileError(UserError):
    """The brand profile is not valid."""


class ConfigError(UserError):
    """The configuration file or command-line options are not valid."""


class DraftError(UserError):
    """A draft cannot be read as a post."""


class EmptyDraft(DraftError):
    """A draft with no text to lint (empty, only front matter, only comments): a run reports it
    as a notice and goes on with the other drafts; only a caller reading one file refuses it."""


class RuleError(UserError):
    """A rule pack or rule file is not valid."""


class ModelError(UserError):
    """A model (spaCy pipeline, embedding model) is missing or cannot load."""
