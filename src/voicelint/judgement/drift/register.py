"""The French familiar register a reader hears in a post: negations without "ne" ("c'est pas",
"on sait jamais"), "faut" and "y a" without their "il", "ça" (persona traits ``ne_dropped``,
``bare_il``, ``ca``; see :mod:`voicelint.judgement.drift.persona`)."""
from __future__ import annotations

import re

from voicelint.nlp import style

# French familiar register: a negation without its "ne" ("c'est pas", "on sait jamais"), "faut" and
# "y a" without their "il". Tokens as nlp.style cuts them (elisions apart), per clause.
_FR_TOKEN_RE = re.compile(r"(?:qu|jusqu|lorsqu|puisqu|quoiqu|[cdjlmnst])['’](?=[^\W\d_])|[^\W\d_]+(?:-[^\W\d_]+)*",
                          re.IGNORECASE)
_CLAUSE_RE = re.compile(r"[.!?…;:,()«»\"“”\n]+")
_NEGATIONS = {"pas", "jamais", "rien", "personne", "guère"}
_NOT_A_VERB_NEGATION = {"non", "pourquoi", "ou", "une", "la", "les", "des", "chaque", "cette", "de", "d'",
                        "aucune", "toute", "même"}


def french_register(text: str) -> dict[str, float]:
    """Shares of the words: negations without "ne" (``ne_dropped``), "faut" / "y a" without "il"
    (``bare_il``), "ça" (``ca``)."""
    text = style.normalise(text)
    dropped = bare = ca = words = 0
    for clause in _CLAUSE_RE.split(text):
        toks = [t.lower() for t in _FR_TOKEN_RE.findall(clause)]
        words += len(toks)
        for i, w in enumerate(toks):
            prev = toks[i - 1] if i else ""
            if w in _NEGATIONS and i and prev not in _NOT_A_VERB_NEGATION:  # "Pas de panique": no verb
                before, after = toks[max(0, i - 5):i], toks[i + 1:i + 3]
                # "rien ne va", "personne n'a": the subject comes before its "ne"
                if not ({"ne", "n'"} & set(before)) and not (w in ("rien", "personne") and {"ne", "n'"} & set(after)):
                    dropped += 1
            elif w == "faut" and prev not in ("il", "faut") or w == "y" and toks[i + 1:i + 2] == ["a"] and prev not in ("il", "n'"):
                bare += 1
            elif w in ("ça", "ca"):
                ca += 1
    n = max(1, words)
    return {"ne_dropped": dropped / n, "bare_il": bare / n, "ca": ca / n}
