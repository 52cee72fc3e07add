"""Regular expressions shared by several check types (emoji, hashtags, mentions, URLs...).

Rules may use them as macros in their patterns: ``{{emoji}}``, ``{{hashtag}}``, ``{{mention}}``,
``{{url}}``, ``{{word}}``.
"""
from __future__ import annotations

import re

# Of the arrows, only the emoji ones (↔ ↕ ↖ ↗ ↘ ↙ ↩ ↪, Extended_Pictographic as VL301 and the
# style features count them): "→", "⇒" are typography, the bullets of LinkedIn posts.
_EMOJI_BASE = (r"[\U0001F300-\U0001FAFF\U0001F000-\U0001F2FF\u2600-\u27BF\u2B00-\u2BFF"
               r"\u231A\u231B\u23E9-\u23FA\u2194-\u2199\u21A9\u21AA\u25B6\u25C0"
               r"\u3030\u303D\u3297\u3299]")
_MOD = r"(?:\uFE0F|[\U0001F3FB-\U0001F3FF])*"
EMOJI = rf"(?:[\U0001F1E6-\U0001F1FF]{{2}}|{_EMOJI_BASE}{_MOD}(?:\u200D{_EMOJI_BASE}{_MOD})*)"
HASHTAG = r"(?<![\w&])#[^\W\d_][\w-]*"
MENTION = r"(?<![\w.])@[A-Za-z0-9_][\w.]*[\w]|(?<![\w.])@[A-Za-z0-9_]"
# URLs, the one home for their patterns. Four readings, kept apart on purpose:
URL = r"""(?:https?://|www\.)[^\s<>"']+"""              # a link as a check counts or weighs it
URL_IN_PROSE = r"""(?:https?://|www\.)[^\s<>"'\)\]]+"""  # ... that a ')' or ']' after it ends (Markdown)
URL_TOKEN = r"(?:https?://|www\.)\S+"                    # up to the next space (features, embeddings)
URL_HOST = r"(?:https?://|www\.)(?:www\.)?([^/\s?#]*)\S*"  # ... its host captured (the voice's link feature)
WORD = r"[^\W\d_][\w'’-]*"

MACROS = {"emoji": EMOJI, "hashtag": HASHTAG, "mention": MENTION, "url": URL, "word": WORD}
EMOJI_RE = re.compile(EMOJI)
HASHTAG_RE = re.compile(HASHTAG)
MENTION_RE = re.compile(MENTION)
WORD_RE = re.compile(WORD)
URL_RE = re.compile(URL, re.I)
URL_IN_PROSE_RE = re.compile(URL_IN_PROSE, re.I)
URL_TOKEN_RE = re.compile(URL_TOKEN, re.I)
URL_HOST_RE = re.compile(URL_HOST, re.I)
#: The run of @handles a reply opens with ("@ana @shop_fr thanks!"; ".@ana" too).
LEADING_HANDLES_RE = re.compile(r"^(?:\s*[.]?@\w+)+")


def reply_body(text: str) -> str:
    """The post as its author wrote it: without the run of @handles a reply opens with. The
    platform puts them there (an X archive keeps them in ``full_text``), and a draft of the same
    reply has none; handles inside the text stay (naming a partner is a habit)."""
    return LEADING_HANDLES_RE.sub("", text or "", count=1).lstrip()


def whitespace_key(text: str) -> str:
    """``text`` with every run of white space folded to one space, trimmed: two posts that differ
    only in spacing (line breaks, indentation) share it."""
    return " ".join(text.split())


def expand(pattern: str) -> str:
    for name, rx in MACROS.items():
        pattern = pattern.replace("{{" + name + "}}", rx)
    return pattern
