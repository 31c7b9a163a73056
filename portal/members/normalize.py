"""Folded keys: a commune name as people type it, a person's name as it sorts."""

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


def name_key(text):
    """How a name sorts for a French reader, the same on every database: lowercase, no
    accents, ligatures spelt out (Œ as oe), spaces, hyphens and apostrophes ignored as in a
    dictionary ("de Vaux" as "devaux"). Latin names keep only a-z and 0-9, which every
    collation orders as SQLite and Python do; letters of other scripts are kept as they are."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LIGATURES))
    return "".join(c for c in text if c.isalnum())
