"""Context: what a check may ask for while it judges posts (the profile, settings, spaCy docs,
embeddings, memos, per-post values kept in the results cache) and the notices it gives."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from voicelint.shared.lang import confident_lang, guess_lang, language_name


class Context:
    """What checks may ask for: the profile, settings, spaCy docs, embeddings, memos."""

    def __init__(self, profile, options: dict | None = None):
        self.profile = profile
        self.options = options or {}
        self.notices: list[str] = []
        self._docs: dict[int, Any] = {}
        self._memo: dict = {}
        self._langs: dict[int, str] = {}   # id(post) -> language, for posts that do not say
        self._embedder = None
        self._heard: list[list[str]] = []  # notices given while a post is judged (results cache)
        self.results: tuple | None = None  # (ResultStore, environment key) when the cache is on
        self.post_keys: dict[int, str] = {}  # id(post) -> its results-cache key, once computed

    # -- language ----------------------------------------------------------------------------
    def lang(self, post) -> str:
        """The post's ``lang``; when it has none, the language it clearly reads as, else the
        profile's (its default), else a guess. A post that reads as another language than the
        profile's is checked in its own (rules, spaCy), and the run says so once."""
        if post.lang:
            return post.lang
        known = self._langs.get(id(post))
        if known is not None:
            return known
        default = self.profile.language if self.profile else None
        if default:
            lang = confident_lang(post.text[post.body_start:]) or default
            if lang != default:
                self.notice(f"posts that read as {language_name(lang)} were checked as "
                            f"{language_name(lang)}, not {language_name(default)} (the profile's "
                            "language); write `lang:` in a draft's front matter (or a calendar's "
                            "`lang` column) to choose")
        else:
            lang = guess_lang(post.text) or "en"
        self._langs[id(post)] = lang
        return lang

    def nlp(self, lang: str):
        from voicelint.nlp import pipelines
        return pipelines.get(lang, self.options.get("nlp") or (self.profile.get("nlp") if self.profile else None),
                             cache_dir=self.options.get("cache_dir"))

    def doc(self, post):
        key = id(post)
        if key not in self._docs:
            self._docs[key] = self.nlp(self.lang(post))(post.text)
        return self._docs[key]

    def docs(self, posts, lang: str):
        """spaCy docs for many posts at once (nlp.pipe batches them)."""
        todo = [p for p in posts if id(p) not in self._docs]
        if todo:
            nlp = self.nlp(lang)
            for p, d in zip(todo, nlp.pipe([p.text for p in todo], batch_size=64)):
                self._docs[id(p)] = d
        return [self._docs[id(p)] for p in posts]

    def release(self, post) -> None:
        self._docs.pop(id(post), None)

    # -- embeddings --------------------------------------------------------------------------
    def embedder(self):
        if self._embedder is None:
            from voicelint.nlp.embeddings import get_embedder
            model = self.options.get("model") or (self.profile.get("model") if self.profile else None)
            self._embedder = get_embedder(model, self.options.get("cache_dir"),
                                          self.options.get("embedding_backend"))
        return self._embedder

    # -- settings ----------------------------------------------------------------------------
    def setting(self, post, dotted: str):
        """Resolve ``platform.hashtags.max``, ``voice.emoji.max``, ``profile.language``..."""
        head, _, rest = dotted.partition(".")
        if self.profile is None:
            from voicelint.inputs.platforms import PLATFORM_DEFAULTS
            cur: Any = PLATFORM_DEFAULTS.get(post.platform or "", {}) if head == "platform" else {}
        elif head == "platform":
            cur = self.profile.platform(post.platform) if post.platform else {}
        elif head == "voice":
            cur = self.profile.voice
        else:
            cur = self.profile.data
        return _dig(cur, rest)

    def declares(self, post, dotted: str) -> bool:
        """Whether the profile itself sets ``platform.hashtags.max`` (or another
        ``platform.<key>...``) for the post's platform, rather than the platform's default."""
        head, _, rest = dotted.partition(".")
        if head != "platform" or self.profile is None or not post.platform:
            return head != "platform"
        from voicelint.inputs.platforms import canonical
        return _dig((self.profile.data.get("platforms") or {}).get(canonical(post.platform)), rest) is not None

    def memo(self, key, fn: Callable[[], Any]):
        if key not in self._memo:
            self._memo[key] = fn()
        return self._memo[key]

    def remember(self, key, value) -> None:
        """Store what :meth:`memo` would compute for ``key`` (a check's batch ``prepare``)."""
        self._memo[key] = value

    def has_memo(self, key) -> bool:
        return key in self._memo

    def per_post(self, kind: str, posts: list, compute: Callable[[list], list]) -> dict[int, Any]:
        """``{id(post): value}``: what a set-scope check derives from each post alone (its
        pillar, its traits...), computed by ``compute(posts) -> values`` (JSON-able, in
        order) for the posts the results cache does not already hold under ``kind``. The
        value must depend only on the post, the profile and voicelint (what the cache key
        covers), never on the other posts of the set."""
        out: dict[int, Any] = {}
        keys: dict[int, str] = {}
        if self.results is not None:
            from . import resultcache as rc
            store, env = self.results
            keys = {id(p): rc.memo_key(env, kind, p, self.lang(p)) for p in posts}
            found = store.get_many(keys.values())
            for p in posts:
                rec = found.get(keys[id(p)])
                if rec is not None and "value" in rec:
                    out[id(p)] = rec["value"]
        todo = [p for p in posts if id(p) not in out]
        if todo:
            values = compute(todo)
            fresh = []
            for p, v in zip(todo, values, strict=True):
                out[id(p)] = v
                if keys:
                    fresh.append((keys[id(p)], {"rules": {}, "value": v}))
            if fresh:
                self.results[0].put_many(fresh)
        return out

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)
        for heard in self._heard:
            if message not in heard:
                heard.append(message)

    @contextmanager
    def listening(self) -> Iterator[list[str]]:
        """``with ctx.listening() as heard:`` collects in ``heard`` the notices given inside the
        block (even ones already given): the results cache keeps a post's notices with it."""
        heard: list[str] = []
        self._heard.append(heard)
        try:
            yield heard
        finally:
            self._heard = [h for h in self._heard if h is not heard]


def _dig(cur: Any, rest: str) -> Any:
    """``cur["a"]["b"]`` for ``rest`` = "a.b"; None where a step is not a mapping."""
    for k in rest.split(".") if rest else []:
        if not isinstance(cur, dict):
            return None
        cur = cur.get(k)
    return cur
