"""Folding text into search words, the same way for what is indexed and what is typed.

Done in Python so that SQLite and PostgreSQL compare the very same strings.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[^0-9a-z]+")
# Short forms people type for place names and titles.
_EXPANSIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# Words too common to tell anything apart; "l" and "d" come from elided articles (l'Hérault).
STOPWORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "pour",
        "sur",
        "un",
        "une",
        "par",
        "avec",
        "chez",
        "dans",
    ]
)
_STEMMER = snowballstemmer.stemmer("french")


def fold(text):
    """Lowercase, no accents, ligatures spelt out, anything but letters and digits a space."""
    text = unicodedata.normalize("NFKD", str(text or "").casefold().translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", text).strip()


def words(text):
    """The search words of ``text``: folded, "st" spelt "saint", stop words dropped."""
    result = []
    for word in fold(text).split():
        word = _EXPANSIONS.get(word, word)
        if word not in STOPWORDS:
            result.append(word)
    return result


@lru_cache(maxsize=65536)
def stem(word):
    """The French Snowball stem of a folded word (plurals and word forms share it)."""
    if word.isdigit() or len(word) < 4:
        return word
    return _STEMMER.stemWord(word)


def joined(tokens):
    """How a column stores its words: each one between spaces, so that ' word' finds a start."""
    return f" {' '.join(tokens)} " if tokens else ""


def plain_column(*texts):
    """Names and places: folded words, not stemmed (Martine is not Martin)."""
    tokens = []
    for text in texts:
        tokens.extend(words(text))
    return joined(_unique(tokens))


def stemmed_column(*texts):
    """Professions, topics, free text: stems, so that chute finds chutes."""
    tokens = []
    for text in texts:
        tokens.extend(stem(word) for word in words(text))
    return joined(_unique(tokens))


def phone_token(value):
    """A phone number as one run of national digits (+33 6 12… -> 0612…)."""
    digits = re.sub(r"\D", "", str(value or ""))
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def _unique(tokens):
    return list(dict.fromkeys(token for token in tokens if token))
