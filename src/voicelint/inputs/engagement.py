"""Engagement counts a post carries (likes, shares, comments, impressions), from a calendar's
columns or a platform export's fields."""
from __future__ import annotations

ENGAGEMENT = ("likes", "shares", "comments", "impressions")
# calendar columns that carry the same counts (analytics exports name them many ways)
ENGAGEMENT_ALIASES = {
    "likes": "likes", "like_count": "likes", "favorite_count": "likes", "reactions": "likes",
    "shares": "shares", "reposts": "shares", "retweets": "shares", "retweet_count": "shares", "boosts": "shares",
    "comments": "comments", "replies": "comments", "reply_count": "comments",
    "impressions": "impressions", "views": "impressions", "reach": "impressions",
}


def engagement(record: dict) -> dict:
    """Engagement counts from a calendar row's columns (likes, shares, comments, impressions)."""
    out = {}
    for key, value in record.items():
        canon = ENGAGEMENT_ALIASES.get(str(key).strip().lower())
        if canon and canon not in out:
            n = count(value)
            if n is not None:
                out[canon] = n
    return out


def count(value) -> int | None:
    """An engagement count from an export field ("12", 12, {"totalItems": 12})."""
    if isinstance(value, dict):
        value = value.get("totalItems")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
