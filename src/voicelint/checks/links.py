"""links: the platform's link policy and the brand's owned domains.

``policy`` selects what to report:
- ``not_clickable``: a link where the platform's ``links`` is ``none`` (Instagram, TikTok captions);
- ``required``: no link where the platform's ``links`` is ``required``;
- ``owned``: a link to a domain outside ``owned_domains`` (when the profile lists any, or the
  platform's ``links`` is ``owned``): centralise traffic on the brand's own site.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from voicelint.shared.errors import RuleError
from voicelint.shared.textpatterns import URL_RE
from .base import Hit

TYPE = "links"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"policy": str}
POLICIES = ("not_clickable", "required", "owned")


def configure(rule) -> str:
    p = rule.options["policy"]
    if p not in POLICIES:
        raise RuleError(f"expected policy one of {', '.join(POLICIES)}, got {p!r}", key="policy")
    return p


def domain(url: str) -> str:
    if url.lower().startswith("www."):
        url = "http://" + url
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _owned(host: str, owned: list[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in owned)


def check(rule, post, ctx):
    policy = rule.compiled
    setting = ctx.setting(post, "platform.links") if post.platform else None
    urls = [(m.start() + post.body_start, m.end() + post.body_start, m.group(0).rstrip(".,;:!?)"))
            for m in URL_RE.finditer(post.body)]
    if policy == "not_clickable" and setting == "none":
        for s, e, u in urls:
            yield Hit(s, e, args=(u, post.platform))
    elif policy == "required" and setting == "required" and not urls:
        yield Hit(post.body_start, post.body_start, args=(post.platform,))
    elif policy == "owned":
        owned = [d.lower().removeprefix("www.") for d in (ctx.setting(post, "profile.owned_domains") or [])]
        if not owned:
            return
        if setting == "none":
            return  # reported as not clickable already
        for s, e, u in urls:
            host = domain(u)
            if host and not _owned(host, owned):
                yield Hit(s, e, args=(host, ", ".join(owned)), evidence={"domain": host, "owned": owned})
