"""Cheap stylometric features for French and English posts.

Everything here is regular expressions and fixed word lists: no spaCy, no model, so it runs in
the pre-commit hook. ``numpy`` is imported lazily, only by :func:`style_matrix`.

Two views of a post:

- :func:`traits` — a small dict of *named, human-readable* traits (formality, tu/vous, we/I,
  emoji per post, ...) used in explanations and by the drift checks; :data:`TRAIT_LABELS` says
  in plain English what each one measures and in which unit.
- :func:`style_matrix` — every feature (the traits plus one rate per function word and per
  punctuation mark), in the fixed order of :func:`feature_names`, for learned models.

Units: ``*_share`` style traits (address_*, person_*, caps, contractions, slang, long_words)
are shares of the post's words (0..1); ``emoji``, ``exclamation``, ``question``, ``hashtags``,
``mentions``, ``urls`` and ``push`` are counts per post; ``sentence_len`` is words per
sentence, ``word_len`` letters per word, ``post_len`` characters.

Formality (0 casual .. 1 formal) is documented on :func:`formality_score`.
"""
from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter

from voicelint.shared.textpatterns import URL_TOKEN_RE as _URL_RE

LANGS = ("fr", "en")

# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------

#: Function words, one fixed list per language (order is part of the feature layout).
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "the", "a", "an", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for",
        "with", "by", "from", "about", "as", "into", "over", "after", "before", "than",
        "then", "so", "not", "no", "is", "are", "was", "were", "be", "been", "am", "do",
        "does", "did", "have", "has", "had", "will", "would", "can", "could", "should",
        "may", "might", "must", "i", "me", "my", "we", "us", "our", "you", "your", "he",
        "him", "his", "she", "her", "it", "its", "they", "them", "their", "this", "that",
        "these", "those", "there", "here", "what", "which", "who", "when", "where", "why",
        "how", "all", "any", "some", "more", "most", "very", "just", "also", "too", "only",
        "up", "out", "please", "thanks", "thank", "sorry", "hi", "hey", "hello", "let's",
        "yes", "now", "again", "via",
    ),
    "fr": (
        "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "au", "aux", "et",
        "ou", "mais", "donc", "ni", "car", "que", "qu'", "qui", "quoi", "dont", "où", "ce",
        "c'", "cet", "cette", "ces", "se", "s'", "je", "j'", "me", "m'", "moi", "mon", "ma",
        "mes", "tu", "te", "t'", "toi", "ton", "ta", "tes", "il", "elle", "ils", "elles",
        "on", "nous", "notre", "nos", "vous", "votre", "vos", "leur", "leurs", "lui", "y",
        "en", "à", "dans", "par", "pour", "sur", "avec", "sans", "sous", "chez", "entre",
        "vers", "contre", "est", "sont", "être", "a", "ont", "avoir", "faire", "ne", "n'",
        "pas", "plus", "très", "tout", "tous", "toute", "toutes", "aussi", "bien", "comme",
        "si", "quand", "encore", "déjà", "ici", "merci", "bonjour", "ça", "cela", "il faut",
    ),
}

# Closed classes used by the Heylighen-Dewaele proxy in formality_score.
_ARTICLES = {
    "en": {"the", "a", "an", "this", "that", "these", "those"},
    "fr": {"le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux", "ce", "cet",
           "cette", "ces"},
}
_PREPOSITIONS = {
    "en": {"of", "to", "in", "on", "at", "for", "with", "by", "from", "about", "into", "over",
           "after", "before", "under", "between", "through", "during", "within", "without",
           "regarding", "upon", "among", "towards", "against", "per", "via"},
    "fr": {"de", "d'", "à", "dans", "par", "pour", "sur", "avec", "sans", "sous", "chez",
           "entre", "vers", "contre", "selon", "pendant", "depuis", "avant", "après", "parmi",
           "auprès", "lors", "malgré", "dès", "envers", "concernant"},
}
_PRONOUNS = {
    "en": {"i", "me", "my", "mine", "we", "us", "our", "you", "your", "yours", "he", "him",
           "his", "she", "her", "it", "its", "they", "them", "their", "i'm", "you're",
           "we're", "it's", "that's", "we'd", "we'll", "you'll", "i'll", "i've", "we've",
           "you've", "they're", "u", "ya"},
    "fr": {"je", "j'", "me", "m'", "moi", "tu", "te", "t'", "toi", "il", "elle", "ils",
           "elles", "on", "nous", "vous", "lui", "y", "se", "s'", "ça", "ca"},
}

# Address (second person) and self-reference (first person).
_TU = {"tu", "te", "t'", "toi", "ton", "ta", "tes", "t"}
_VOUS = {"vous", "votre", "vos", "vôtre", "vôtres"}
_YOU = {"you", "your", "yours", "yourself", "yourselves", "you're", "you'll", "you've",
        "you'd", "u", "ur", "ya", "y'all"}
_WE = {"fr": {"nous", "notre", "nos", "nôtre", "nôtres", "on"},
       "en": {"we", "us", "our", "ours", "ourselves", "we're", "we'll", "we've", "we'd",
              "let's"}}
_I = {"fr": {"je", "j'", "me", "m'", "moi", "mon", "ma", "mes", "mien", "mienne"},
      "en": {"i", "me", "my", "mine", "myself", "i'm", "i'll", "i've", "i'd"}}

_SLANG = {
    "en": {"lol", "lmao", "omg", "tbh", "btw", "gonna", "wanna", "gotta", "yay", "yeah",
           "yep", "yup", "nope", "ya", "u", "ur", "pls", "plz", "thx", "xoxo", "haha",
           "hahaha", "wow", "dope", "lit", "fam", "bestie", "vibes", "totally", "kinda",
           "sorta", "awesome", "cool", "hey", "ok", "okay", "y'all", "aw", "aww", "woohoo",
           "stoked", "epic", "obsessed", "literally", "super", "omfg", "idk", "imo", "ikr",
           "bff", "ty", "np", "cuz", "coz", "dunno", "lemme", "gimme", "sooo", "yummy"},
    "fr": {"mdr", "lol", "ptdr", "trop", "grave", "ouf", "genre", "kiff", "kiffe", "kiffer",
           "sympa", "super", "cool", "coucou", "hello", "top", "bisous", "wesh", "ouais",
           "ben", "bah", "bref", "chill", "hyper", "canon", "dingue", "hâte", "ptn", "stp",
           "vachement", "truc", "trucs", "mec", "nan", "ouah", "waouh", "wow", "yes", "oups",
           "bisou", "tkt", "jpp", "osef", "frérot", "go", "giga", "méga", "franchement",
           "perso", "dispo", "resto", "ciao", "salut", "hey", "yo", "chouette", "bof"},
}

#: Hard-sell / push language (regular expressions, matched case-insensitively).
PUSH_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (
        r"\bbuy (?:it |yours |one )?now\b", r"\border (?:yours |it )?(?:now|today)\b",
        r"\bshop (?:now|today)\b", r"\blimited[- ]time\b", r"\blimited (?:offer|edition|stock)\b",
        r"\blast chance\b", r"\bdon'?t miss (?:out|it)?\b", r"\bhurry\b", r"\bact (?:now|fast)\b",
        r"\btoday only\b", r"\bonly today\b", r"\bwhile (?:supplies|stocks?) last\b",
        r"\bexclusive (?:offer|deal)\b", r"\bflash sale\b", r"\bon sale\b", r"\bdiscount\b",
        r"\b\d{1,2} ?% off\b", r"\bfree shipping\b", r"\bbest (?:price|deal)s?\b",
        r"\bsign up (?:now|today)\b", r"\bclick (?:here|the link)\b", r"\b(?:get|grab) yours\b",
        r"\bbefore it'?s gone\b", r"\bends (?:tonight|today|soon|sunday|midnight)\b",
        r"\bsave (?:up to|big|now)\b", r"\blowest prices?\b", r"\b(?:promo|discount) code\b",
        r"\buse code\b", r"\bselling fast\b", r"\bdeal of the day\b", r"\bbuy one,? get\b",
        r"\bact fast\b", r"\bdon'?t wait\b", r"\bsubscribe now\b",
    ),
    "fr": (
        r"\bachetez\b", r"\bachète\b", r"\bcommandez\b", r"\bcommande[sz]? (?:dès )?maintenant\b",
        r"\boffres? limitées?\b", r"\bdernière chance\b", r"\bderniers? jours?\b",
        r"\bne (?:ratez|manquez|loupez|rate|manque|loupe) pas\b", r"\bprofite[zr]?\b",
        r"\bvite\b", r"\bdépêchez[- ]vous\b", r"\bdépêche[- ]toi\b", r"\bpromos?\b",
        r"\bcode promo\b", r"\bsoldes\b", r"\bréductions?\b", r"\bremises?\b",
        r"(?<![\w])-\s?\d{1,2}\s?%", r"\bjusqu'à -", r"\blivraison (?:offerte|gratuite)\b",
        r"\bgratuite?s?\b", r"\bexclusi(?:f|ve|vité)\b", r"\bseulement aujourd'hui\b",
        r"\baujourd'hui seulement\b", r"\bstocks? limités?\b", r"\bcliquez ici\b",
        r"\binscrivez[- ]vous (?:vite|maintenant|dès maintenant)\b",
        r"\bmeilleurs? prix\b", r"\bprix cassés\b", r"\bbons? plans?\b", r"\bventes? flash\b",
        r"\bjusqu'à épuisement des stocks\b", r"\bn'attendez (?:plus|pas)\b",
        r"\bc'est maintenant ou jamais\b",
    ),
}

# --------------------------------------------------------------------------------------------
# Tokenisation
# --------------------------------------------------------------------------------------------

_MENTION_RE = re.compile(r"(?<![\w@])@\w+")
_HASHTAG_RE = re.compile(r"(?<![\w#&])#\w+")
_EMOJI_RE = re.compile(
    "["
    "\U0001F300-\U0001F5FF\U0001F600-\U0001F64F\U0001F680-\U0001F6FF\U0001F700-\U0001F77F"
    "\U0001F780-\U0001F7FF\U0001F800-\U0001F8FF\U0001F900-\U0001F9FF\U0001FA00-\U0001FAFF"
    "\U0001F1E6-\U0001F1FF\u2600-\u27BF\u2B50\u2B55\u2B06\u2B07\u2B05\u2B1B\u2B1C\u2934\u2935"
    "\u3030\u303D\u3297\u3299\u203C\u2049\u2122\u2139\u2194-\u2199\u21A9\u21AA\u231A\u231B"
    "\u2328\u23CF\u23E9-\u23F3\u23F8-\u23FA\u24C2\u25AA\u25AB\u25B6\u25C0\u25FB-\u25FE"
    "]"
)
_EMOTICON_RE = re.compile(r"(?:(?<=\s)|^)(?:[:;=]-?[)(DPp3*]|<3|\^\^|xD|XD)(?=\s|$|[.,!?])")
_APOS_RE = re.compile(r"[’‘`´]")
_WORD_RE = {
    # French: split elisions (l', qu', j'...) into their own tokens.
    "fr": re.compile(r"(?:qu|jusqu|lorsqu|puisqu|quoiqu|[cdjlmnst])'(?=[^\W\d_])|[^\W\d_]+(?:-[^\W\d_]+)*",
                     re.I),
    # English: keep contractions whole (don't, we're, let's).
    "en": re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?(?:-[^\W\d_]+)*", re.I),
}
_SENT_RE = re.compile(r"[.!?…]+[\"»”)\]]*(?=\s|$)|\n+")
_CONTRACTION_RE = re.compile(r"[^\W\d_]+'(?:t|re|ve|ll|m|d|s)\b|\b(?:gonna|wanna|gotta|lemme|gimme)\b", re.I)
_ELONGATED_RE = re.compile(r"([^\W\d_])\1{2,}", re.I)
_REPEAT_PUNCT_RE = re.compile(r"[!?]{2,}")


def _check_lang(lang: str) -> str:
    lang = (lang or "en").lower()[:2]
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}: expected one of {', '.join(LANGS)}")
    return lang


def normalise(text: str) -> str:
    """Unescape HTML entities, unify apostrophes, NFC."""
    text = html.unescape(text or "")
    text = _APOS_RE.sub("'", text)
    return unicodedata.normalize("NFC", text)


class _Parsed:
    """A post cut into the pieces every feature needs (computed once)."""

    __slots__ = ("text", "prose", "words", "lower", "n_words", "sentences", "urls", "mentions",
                 "hashtags", "emoji", "emoticons")

    def __init__(self, text: str, lang: str):
        text = normalise(text)
        self.text = text
        self.urls = len(_URL_RE.findall(text))
        prose = _URL_RE.sub(" ", text)
        self.mentions = len(_MENTION_RE.findall(prose))
        self.hashtags = len(_HASHTAG_RE.findall(prose))
        prose = _MENTION_RE.sub(" ", prose)
        prose = _HASHTAG_RE.sub(" ", prose)
        self.emoji = len(_EMOJI_RE.findall(prose))
        self.emoticons = len(_EMOTICON_RE.findall(prose))
        self.prose = prose
        self.words = _WORD_RE[lang].findall(prose)
        self.lower = [w.lower() for w in self.words]
        self.n_words = len(self.words)
        pieces = [s for s in _SENT_RE.split(prose) if _WORD_RE[lang].search(s)]
        self.sentences = max(1, len(pieces))


def _share(lower: list[str], vocab) -> float:
    if not lower:
        return 0.0
    return sum(1 for w in lower if w in vocab) / len(lower)


def _count_phrase(lower: list[str], phrase: str) -> int:
    parts = phrase.split()
    if len(parts) == 1:
        return lower.count(phrase)
    n = len(parts)
    return sum(1 for i in range(len(lower) - n + 1) if lower[i:i + n] == parts)


def _push_count(text: str, lang: str) -> int:
    """Matches of every hard-sell pattern (a phrase two patterns match counts twice). Most
    posts match none: one search of all the patterns at once says so, instead of one pass per
    pattern (a third of a post's style features)."""
    if _PUSH_ANY[lang].search(text) is None:
        return 0
    return sum(len(p.findall(text)) for p in _PUSH_RE[lang])


_PUSH_RE = {lang: tuple(re.compile(p, re.I) for p in pats) for lang, pats in PUSH_PATTERNS.items()}
#: Matches wherever one of the language's patterns would (alternatives are tried at each place).
_PUSH_ANY = {lang: re.compile("|".join(f"(?:{p})" for p in pats), re.I) for lang, pats in PUSH_PATTERNS.items()}

# --------------------------------------------------------------------------------------------
# Formality
# --------------------------------------------------------------------------------------------

_LONG_WORD = {"en": 7, "fr": 8}
#: Weights of the formality score (see formality_score); fixed, hand-calibrated.
FORMALITY_WEIGHTS = {
    "bias": -1.2,
    "hd_closed": 6.0,        # (articles + prepositions - pronouns) share of words
    "long_words": 5.0,       # share of long words (>= 7 letters en, >= 8 fr)
    "contractions": -8.0,    # share of words that are contractions (en)
    "slang": -10.0,          # share of words from the slang list
    "emoji": -0.6,           # per emoji or emoticon, at most 4 counted
    "exclamation": -0.5,     # per '!', at most 4 counted
    "repeat_punct": -0.6,    # per '!!'/'?!' run, at most 3 counted
    "elongated": -0.8,       # per 'soooo', at most 2 counted
    "caps": -3.0,            # share of ALL-CAPS words
    "vous_over_tu": 0.8,     # fr: +1 when vous-forms outnumber tu-forms, -1 the other way
}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def formality_score(p: _Parsed, lang: str, caps: float | None = None) -> float:
    """Formality in [0, 1] (0 casual .. 1 formal).

    A logistic combination of cheap markers, ``sigmoid(sum_i w_i * x_i)`` with the fixed
    weights in :data:`FORMALITY_WEIGHTS`:

    - the closed-class half of Heylighen & Dewaele's F-score: share of articles and
      prepositions minus the share of pronouns (nouns, adjectives and verbs would need a tagger;
      long words stand in for nouns and adjectives);
    - share of long words (>= 7 letters in English, >= 8 in French);
    - informal markers: contractions (en), slang words, emoji and emoticons, exclamation
      marks, repeated ``!!``/``?!``, elongated words (``soooo``), ALL-CAPS words;
    - French address: vous raises it, tu lowers it.

    Counts are capped (a post with ten emoji is not ten times as casual). Calibrated by hand so
    that a stiff corporate sentence scores about 0.8-0.9 and a slangy one 0.1-0.2.
    """
    w = FORMALITY_WEIGHTS
    lower = p.lower
    n = max(1, p.n_words)
    arts = sum(1 for t in lower if t in _ARTICLES[lang])
    preps = sum(1 for t in lower if t in _PREPOSITIONS[lang])
    prons = sum(1 for t in lower if t in _PRONOUNS[lang])
    hd = (arts + preps - prons) / n
    long_words = sum(1 for t in lower if len(t) >= _LONG_WORD[lang]) / n
    contractions = (len(_CONTRACTION_RE.findall(p.prose)) / n) if lang == "en" else 0.0
    slang = _share(lower, _SLANG[lang])
    emoji = min(4, p.emoji + p.emoticons)
    excl = min(4, p.prose.count("!"))
    rep = min(3, len(_REPEAT_PUNCT_RE.findall(p.prose)))
    elong = min(2, len(_ELONGATED_RE.findall(p.prose)))
    if caps is None:
        caps = _caps_share(p)
    z = (w["bias"] + w["hd_closed"] * hd + w["long_words"] * long_words
         + w["contractions"] * contractions + w["slang"] * slang + w["emoji"] * emoji
         + w["exclamation"] * excl + w["repeat_punct"] * rep + w["elongated"] * elong
         + w["caps"] * caps)
    if lang == "fr":
        tu = sum(1 for t in lower if t in _TU)
        vous = sum(1 for t in lower if t in _VOUS)
        z += w["vous_over_tu"] * ((vous > tu) - (tu > vous))
    return _sigmoid(z)


def _caps_share(p: _Parsed) -> float:
    if not p.words:
        return 0.0
    caps = sum(1 for t in p.words if len(t) >= 3 and t.isupper())
    return caps / len(p.words)

# --------------------------------------------------------------------------------------------
# Traits
# --------------------------------------------------------------------------------------------

#: Human labels (English) of the traits returned by :func:`traits`, with their unit.
TRAIT_LABELS: dict[str, str] = {
    "formality": "formality (0 casual .. 1 formal)",
    "address_tu": "addresses the reader as 'tu' (share of words)",
    "address_vous": "addresses the reader as 'vous' (share of words)",
    "address_you": "addresses the reader as 'you' (share of words)",
    "person_we": "speaks as 'we' (share of words)",
    "person_i": "speaks as 'I' (share of words)",
    "emoji": "emoji per post",
    "exclamation": "exclamation marks per post",
    "question": "question marks per post",
    "hashtags": "hashtags per post",
    "mentions": "@mentions per post",
    "urls": "links per post",
    "sentence_len": "words per sentence",
    "word_len": "letters per word",
    "post_len": "characters per post",
    "push": "hard-sell phrases per post",
    "caps": "ALL-CAPS words (share of words)",
    "contractions": "contractions (share of words)",
    "slang": "slang words (share of words)",
    "long_words": "long words (share of words)",
    "digits": "digits (share of characters)",
}
TRAIT_NAMES: tuple[str, ...] = tuple(TRAIT_LABELS)


def _traits_parsed(p: _Parsed, lang: str) -> dict[str, float]:
    lower = p.lower
    n = max(1, p.n_words)
    caps = _caps_share(p)
    nchar = len(p.text.strip())
    out = {
        "formality": formality_score(p, lang, caps),
        "address_tu": _share(lower, _TU) if lang == "fr" else 0.0,
        "address_vous": _share(lower, _VOUS) if lang == "fr" else 0.0,
        "address_you": _share(lower, _YOU) if lang == "en" else 0.0,
        "person_we": _share(lower, _WE[lang]),
        "person_i": _share(lower, _I[lang]),
        "emoji": float(p.emoji + p.emoticons),
        "exclamation": float(p.prose.count("!")),
        "question": float(p.prose.count("?")),
        "hashtags": float(p.hashtags),
        "mentions": float(p.mentions),
        "urls": float(p.urls),
        "sentence_len": p.n_words / p.sentences,
        "word_len": (sum(len(w) for w in p.words) / n) if p.words else 0.0,
        "post_len": float(nchar),
        "push": float(_push_count(p.text, lang)),
        "caps": caps,
        "contractions": (len(_CONTRACTION_RE.findall(p.prose)) / n) if lang == "en" else 0.0,
        "slang": _share(lower, _SLANG[lang]),
        "long_words": sum(1 for t in lower if len(t) >= _LONG_WORD[lang]) / n,
        "digits": (sum(c.isdigit() for c in p.prose) / max(1, len(p.prose))),
    }
    return out


def traits(text: str, lang: str = "en") -> dict[str, float]:
    """Named, human-readable style traits of one post (see :data:`TRAIT_LABELS`)."""
    lang = _check_lang(lang)
    return _traits_parsed(_Parsed(text, lang), lang)


def formality(text: str, lang: str = "en") -> float:
    """``traits(text, lang)["formality"]`` without computing the other traits."""
    lang = _check_lang(lang)
    return formality_score(_Parsed(text, lang), lang)

# --------------------------------------------------------------------------------------------
# Full feature vector
# --------------------------------------------------------------------------------------------

#: Punctuation marks counted per 100 characters (name, characters or regex).
_PUNCT = (
    ("excl", re.compile(r"!")), ("quest", re.compile(r"\?")),
    ("ellipsis", re.compile(r"…|\.\.\.")), ("colon", re.compile(r"(?<!\d):(?!\d)")),
    ("semicolon", re.compile(r";")), ("guillemets", re.compile(r"[«»]")),
    ("dquote", re.compile(r"[\"“”]")), ("comma", re.compile(r",")),
    ("period", re.compile(r"(?<!\.)\.(?!\.)")), ("dash", re.compile(r"\s[-–—]\s|[–—]")),
    ("paren", re.compile(r"[()]")), ("apostrophe", re.compile(r"'")),
    ("ampersand", re.compile(r"&")), ("slash", re.compile(r"/")),
    ("percent", re.compile(r"%")), ("currency", re.compile(r"[€$£]")),
    ("repeat_punct", _REPEAT_PUNCT_RE), ("newline", re.compile(r"\n")),
    ("space_before_punct", re.compile(r"\s[!?;:»]")),
)

# Traits that enter the matrix transformed (log1p of counts/lengths keeps outliers in check).
_LOG_TRAITS = {"emoji", "exclamation", "question", "hashtags", "mentions", "urls", "post_len",
               "push", "sentence_len"}


def feature_names(lang: str = "en") -> list[str]:
    """Names of the columns of :func:`style_matrix`, in order."""
    lang = _check_lang(lang)
    names = [f"trait:{t}" for t in TRAIT_NAMES]
    names += ["extra:emoticons", "extra:elongated", "extra:starts_mention",
              "extra:ends_url", "extra:upper_chars", "extra:starts_upper", "extra:n_sentences",
              "extra:signature"]
    names += [f"punct:{name}" for name, _ in _PUNCT]
    names += [f"fw:{w}" for w in FUNCTION_WORDS[lang]]
    return names


_SIGNATURE_RE = re.compile(r"(?:[-–—^~*]\s?[A-Z][A-Za-z]{0,12}|\^[A-Z]{1,3})\s*$")


def _feature_row(text: str, lang: str) -> list[float]:
    p = _Parsed(text, lang)
    tr = _traits_parsed(p, lang)
    row = [math.log1p(tr[t]) if t in _LOG_TRAITS else tr[t] for t in TRAIT_NAMES]
    stripped = p.text.strip()
    letters = [c for c in p.prose if c.isalpha()]
    row += [
        float(p.emoticons),
        float(len(_ELONGATED_RE.findall(p.prose))),
        1.0 if stripped.startswith("@") else 0.0,
        1.0 if _URL_RE.search(stripped.split()[-1] if stripped.split() else "") else 0.0,
        (sum(c.isupper() for c in letters) / len(letters)) if letters else 0.0,
        1.0 if p.prose.strip()[:1].isupper() else 0.0,
        math.log1p(p.sentences),
        1.0 if _SIGNATURE_RE.search(_URL_RE.sub("", stripped).strip()) else 0.0,
    ]
    per100 = 100.0 / max(1, len(p.prose.strip()))
    row += [len(rx.findall(p.prose)) * per100 for _, rx in _PUNCT]
    n = max(1, p.n_words)
    counts = Counter(p.lower)  # one pass, not one per function word
    row += [(counts[w] if one else _count_phrase(p.lower, w)) / n for w, one in _FUNCTION_WORDS_ONE[lang]]
    return row


#: (function word or phrase, whether it is one word: counted from the post's word counts).
_FUNCTION_WORDS_ONE = {lang: tuple((w, len(w.split()) == 1) for w in words) for lang, words in FUNCTION_WORDS.items()}


def style_matrix(texts, lang: str = "en"):
    """All style features of ``texts`` as a float32 array ``(len(texts), len(feature_names))``."""
    import numpy as np

    lang = _check_lang(lang)
    rows = [_feature_row(t, lang) for t in texts]
    if not rows:
        return np.zeros((0, len(feature_names(lang))), dtype=np.float32)
    return np.asarray(rows, dtype=np.float32)


__all__ = ["FUNCTION_WORDS", "PUSH_PATTERNS", "TRAIT_LABELS", "TRAIT_NAMES", "FORMALITY_WEIGHTS",
           "traits", "style_matrix", "feature_names", "formality_score", "normalise"]
