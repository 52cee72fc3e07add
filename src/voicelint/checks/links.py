"""links: the platform's link policy and the brand's owned domains.

``policy`` selects what to report:
- ``not_clickable``: a link where the platform's ``links`` is ``none`` (Instagram, TikTok captions).
  An address written out to be read (``www.brand.fr``, ``www.brand.com/fr``: no scheme, at most one
  path segment, no query) is reported at ``info``: captions carry them on purpose, and a team
  reads a warning on one as the linter not knowing TikTok (issue 17's false alarms: "www.narcity.com/fr"
  in a caption). A pasted link (``https://...``, a deep path, tracking parameters) stays a warning;
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


#: What a written-out address reads as, per language (``info``: %s the address, %s the platform).
_TYPED = {
    "en": "Address %s is written out to be read: it is not clickable on %s (fine if readers are "
          "meant to type it; 'link in bio' if they are meant to follow it).",
    "fr": "L'adresse %s est écrite pour être lue : elle n'est pas cliquable sur %s (très bien si "
          "on doit la taper ; « lien en bio » si on doit la suivre).",
}


def typed_address(url: str) -> bool:
    """``www.brand.fr`` or ``www.brand.com/fr``: no scheme, at most one short path segment, no
    query or fragment: an address to read, not a pasted link."""
    if not url.lower().startswith("www."):
        return False
    parts = urlsplit("http://" + url)
    segments = [x for x in parts.path.split("/") if x]
    return not parts.query and not parts.fragment and len(segments) <= 1 and all(len(x) <= 20 for x in segments)


def _owned(host: str, owned: list[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in owned)


def check(rule, post, ctx):
    policy = rule.compiled
    setting = ctx.setting(post, "platform.links") if post.platform else None
    urls = [(m.start() + post.body_start, m.end() + post.body_start, m.group(0).rstrip(".,;:!?)"))
            for m in URL_RE.finditer(post.body)]
    if policy == "not_clickable" and setting == "none":
        for s, e, u in urls:
            if typed_address(u):
                yield Hit(s, e, message=_TYPED.get(ctx.lang(post), _TYPED["en"]) % (u, post.platform),
                          evidence={"typed_address": True}, severity="info")
            else:
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
