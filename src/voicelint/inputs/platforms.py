"""Known platforms, their aliases and sensible defaults (used when a profile says nothing)."""
from __future__ import annotations

# Defaults reflect each platform's real limits (2024-2026) and common practice.
PLATFORM_DEFAULTS: dict[str, dict] = {
    "twitter": {"max_chars": 280, "hashtags": {"max": 2}, "mentions": {"max": 3}, "links": "optional"},
    "linkedin": {"max_chars": 3000, "hashtags": {"max": 5}, "mentions": {"max": 5}, "links": "optional"},
    "instagram": {"max_chars": 2200, "hashtags": {"max": 30}, "mentions": {"max": 20}, "links": "none"},
    "facebook": {"max_chars": 63206, "hashtags": {"max": 3}, "mentions": {"max": 10}, "links": "optional"},
    "tiktok": {"max_chars": 4000, "hashtags": {"max": 8}, "mentions": {"max": 5}, "links": "none"},
    "mastodon": {"max_chars": 500, "hashtags": {"max": 4}, "mentions": {"max": 5}, "links": "optional"},
    "threads": {"max_chars": 500, "hashtags": {"max": 1}, "mentions": {"max": 5}, "links": "optional"},
    "blog": {"max_chars": None, "hashtags": {"max": 0}, "mentions": {"max": None}, "links": "optional"},
    "newsletter": {"max_chars": None, "hashtags": {"max": 0}, "mentions": {"max": None}, "links": "optional"},
}
ALIASES = {"x": "twitter", "tweet": "twitter", "ig": "instagram", "insta": "instagram",
           "fb": "facebook", "li": "linkedin", "toot": "mastodon"}
KNOWN = tuple(PLATFORM_DEFAULTS)


def canonical(name: str | None) -> str | None:
    if name is None:
        return None
    n = str(name).strip().lower()
    return ALIASES.get(n, n)


def merged_keys(settings: dict) -> dict:
    """A profile's ``platforms`` with each platform under its canonical name, an alias's settings
    merged into the canonical entry's (``x:`` and ``twitter:`` are one platform; the later key
    wins where both set the same setting)."""
    out: dict = {}
    for k, v in settings.items():
        canon = canonical(k) if isinstance(k, str) else k
        if isinstance(out.get(canon), dict) and isinstance(v, dict):
            out[canon] = merge_settings(out[canon], v)
        else:
            out[canon] = v
    return out


def merge_settings(a: dict, b: dict) -> dict:
    """``a`` updated with ``b``, nested settings merged (``{hashtags: {max: 3}}``)."""
    out = dict(a)
    for k, v in b.items():
        out[k] = merge_settings(out[k], v) if isinstance(out.get(k), dict) and isinstance(v, dict) else v
    return out


def is_known(name: str | None) -> bool:
    return canonical(name) in PLATFORM_DEFAULTS
