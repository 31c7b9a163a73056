"""A typed query turned into conditions and a score over a domain's index columns."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Case, IntegerField, Q, Value, When
from rapidfuzz.distance import OSA

from .normalize import fold, stem, words

TYPO_MIN_LENGTH = 5
EXACT_BONUS = 100
MAX_WORDS = 8


@dataclass(frozen=True)
class Column:
    """An index column, its weight in the score and whether it holds stems or plain words."""

    name: str
    weight: int
    stemmed: bool = True


@dataclass
class Unit:
    """What one typed word (or synonym phrase) may be found as: any of ``alternatives``,
    each a tuple of folded words that must all be present."""

    typed: str
    alternatives: list = field(default_factory=list)
    optional: bool = False
    # Synonyms match whole words: "ortho" must not find orthoptistes and orthodontie.
    whole_words: bool = False


@dataclass
class SearchQuery:
    units: list
    plain: tuple  # the typed words, folded, for the exact-name bonus

    def __bool__(self):
        return bool(self.units)

    @property
    def required(self):
        return [unit for unit in self.units if not unit.optional]

    def match(self, columns):
        """The condition an index row meets when every required unit is found somewhere."""
        condition = Q()
        for unit in self.required:
            condition &= _unit_q(unit, columns)
        return condition

    def score(self, columns, exact_column=None):
        """Sum over units of the best column's weight, plus a bonus for an exact name."""
        ordered = sorted(columns, key=lambda c: -c.weight)
        total = Value(0)
        for unit in self.units:
            # A whole word counts one more than a word start: "martin" before "Martinez".
            whens = []
            for column in ordered:
                whens.append(When(_unit_q(unit, [column], True), then=Value(column.weight + 1)))
                if not unit.whole_words:
                    whens.append(When(_unit_q(unit, [column]), then=Value(column.weight)))
            total = total + Case(*whens, default=Value(0), output_field=IntegerField())
        if exact_column and self.plain:
            exact = Q()
            for order in {self.plain, tuple(reversed(self.plain))}:
                exact |= Q(**{exact_column: f" {' '.join(order)} "})
            total = total + Case(
                When(exact, then=Value(EXACT_BONUS)), default=Value(0), output_field=IntegerField()
            )
        return total


def _token_q(column, word, whole_words=False):
    token = stem(word) if column.stemmed else word
    if len(token) >= 4 and not whole_words:
        # A word start: "lodev" finds "lodeve", "infirmi" finds "infirmier".
        return Q(**{f"{column.name}__contains": f" {token}"})
    return Q(**{f"{column.name}__contains": f" {token} "})


def _unit_q(unit, columns, whole_words=False):
    condition = Q()
    for alternative in unit.alternatives:
        every = Q()
        for word in alternative:
            anywhere = Q()
            for column in columns:
                anywhere |= _token_q(column, word, whole_words or unit.whole_words)
            every &= anywhere
        condition |= every
    return condition


@lru_cache(maxsize=16)
def parse_synonyms(text):
    """``{stems of a phrase: group index}`` and the groups (tuples of word tuples)."""
    groups, phrases = [], {}
    for line in (text or "").splitlines():
        group = []
        for phrase in line.split(","):
            phrase_words = tuple(words(phrase))
            if phrase_words and phrase_words not in group:
                group.append(phrase_words)
        if len(group) < 2:
            continue
        for phrase_words in group:
            phrases.setdefault(tuple(stem(w) for w in phrase_words), len(groups))
        groups.append(tuple(group))
    longest = max((len(key) for key in phrases), default=0)
    return phrases, tuple(groups), longest


def synonyms_text():
    from .models import SearchSettings

    return SearchSettings.load().synonyms


def query_words(text):
    """Folded words of a query, phone numbers typed in groups ("06 12 34…") joined."""
    raw = fold(text).split()
    merged, digits = [], []
    for token in raw:
        if token.isdigit() and len(token) <= 4:
            digits.append(token)
            continue
        merged.extend(_flush(digits))
        digits = []
        merged.append(token)
    merged.extend(_flush(digits))
    return words(" ".join(merged))[:MAX_WORDS]


def _flush(digits):
    if len(digits) > 1 and sum(len(d) for d in digits) >= 6:
        return ["".join(digits)]
    return digits


def build_query(text, domain, *, optional_text="", synonyms=None, vocabulary=None):
    """Parse ``text`` for ``domain``: at most two queries (the synonyms, the vocabulary).

    ``optional_text`` (a place recognised in the query) scores without being required.
    """
    typed = query_words(text)
    optional = query_words(optional_text)
    if not typed and optional:
        typed, optional = optional, []
    if not typed:
        return SearchQuery([], ())
    phrases, groups, longest = parse_synonyms(synonyms if synonyms is not None else synonyms_text())
    units = _units(typed, phrases, groups, longest)
    units += [Unit(w, [(w,)], optional=True) for w in optional]
    eligible = [u for u in units if _typo_eligible(u)]
    if eligible:
        known = vocabulary if vocabulary is not None else _vocabulary(domain, eligible)
        for unit in eligible:
            word = unit.typed
            if word in known:
                continue
            for candidate in sorted(known):
                if abs(len(candidate) - len(word)) <= 1 and OSA.distance(word, candidate) == 1:
                    unit.alternatives.append((candidate,))
    return SearchQuery(units, tuple(typed))


def _units(typed, phrases, groups, longest):
    units, i = [], 0
    stems = [stem(w) for w in typed]
    while i < len(typed):
        for size in range(min(longest, len(typed) - i), 0, -1):
            group = phrases.get(tuple(stems[i : i + size]))
            if group is not None:
                alternatives = [tuple(typed[i : i + size])]
                alternatives += [p for p in groups[group] if p not in alternatives]
                units.append(Unit(" ".join(typed[i : i + size]), alternatives, whole_words=True))
                i += size
                break
        else:
            units.append(Unit(typed[i], [(typed[i],)]))
            i += 1
    return units


def _typo_eligible(unit):
    word = unit.typed
    return len(unit.alternatives) == 1 and len(word) >= TYPO_MIN_LENGTH and not word.isdigit()


def _vocabulary(domain, units):
    from .models import SearchWord

    lengths = set()
    for unit in units:
        n = len(unit.typed)
        lengths.update((n - 1, n, n + 1))
    return frozenset(
        SearchWord.objects.filter(domain=domain, length__in=sorted(lengths)).values_list(
            "word", flat=True
        )
    )


def remember_words(domain, *columns):
    """Add the words of index columns to ``domain``'s vocabulary (one INSERT, duplicates ignored)."""
    from .models import SearchWord

    found = set()
    for column in columns:
        for word in (column or "").split():
            if len(word) >= TYPO_MIN_LENGTH - 1 and not word.isdigit() and len(word) <= 100:
                found.add(word)
    if found:
        SearchWord.objects.bulk_create(
            [SearchWord(domain=domain, word=w, length=len(w)) for w in sorted(found)],
            ignore_conflicts=True,
        )
