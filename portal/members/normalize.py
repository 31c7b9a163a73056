"""The search key of a commune name: what a person types, folded the same way."""

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[^0-9a-z]+")
# "Saint-André" and "St André" are the same commune: the short forms win.
_SHORT = {"saint": "st", "sainte": "ste", "saints": "sts", "saintes": "stes"}


def commune_key(text):
    """Lowercase, no accents, hyphens/apostrophes/punctuation as single spaces, saint -> st."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = _SEPARATORS.sub(" ", text).split()
    return " ".join(_SHORT.get(word, word) for word in words)
