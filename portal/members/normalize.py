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


# Latin letters that carry their mark in the letter itself (NFKD leaves them whole).
_NAME_LETTERS = str.maketrans(
    {"đ": "d", "ð": "d", "ł": "l", "ŀ": "l", "ø": "o", "þ": "th", "ħ": "h", "ı": "i"}
)


def name_key(text):
    """How a name sorts for a French reader, the same on every database: lowercase, no
    accents, ligatures spelt out (Œ as oe), Đ, Ł, Ø... as their base letter, spaces, hyphens
    and apostrophes ignored as in a dictionary ("de Vaux" as "devaux"). Names in the Latin
    alphabet keep only a-z and 0-9, which every collation orders as SQLite and Python do;
    letters of other scripts are kept as they are."""
    text = (text or "").casefold().translate(_LIGATURES).translate(_NAME_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum())
