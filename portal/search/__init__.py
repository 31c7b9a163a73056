"""One search behaviour for the directory, the resources, the protocols and the forum.

Why not Wagtail's search backends: its database backend is a different engine on each
database (SQLite FTS5 with its own tokenizer, PostgreSQL ``to_tsvector`` with a text-search
configuration), so the same query can rank and even match differently, and neither knows
"kiné" from "masseur-kinésithérapeute", "st" from "saint", or forgives "infirmeire".

What we do instead, identically on SQLite and PostgreSQL:

* text is folded in Python (:mod:`portal.search.normalize`): lowercase, no accents, hyphens and
  apostrophes as spaces, "st"/"ste" as saint/sainte, stop words dropped; professions, topics
  and free text are reduced to their French Snowball stems (``snowballstemmer``), names and
  places are kept as words;
* each domain keeps a denormalised index table (one row per object and visibility level) of
  such columns, renewed by signals on every write and rebuilt by ``rebuild_search_index``;
* a query is folded the same way; each word must be found at a word start of some column
  (``LIKE '% word%'``, which both databases answer the same for lowercase ASCII);
* synonyms and abbreviations come from one list the bureau edits (Settings > Search);
* a word of five letters or more that is not in the domain's vocabulary also matches the
  vocabulary words one edit away (Damerau-Levenshtein/OSA distance 1, ``rapidfuzz``);
* the score is the sum, per query word, of the weight of the best column it was found in,
  plus a bonus for an exact name; ties are broken by distance, then by name.
"""
