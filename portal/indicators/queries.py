"""The indicators' aggregate queries: a fixed number per section, whatever the data size.

Every figure shown (chart, table, CSV, public page) comes from ``build_section``;
the chart and its CSV are two renderings of the same ``Table``. Counts are
grouped in the database (``annotate``, and one ``aggregate`` of per-month
filtered counts for each time series); medians are computed in
Python from one ``values_list`` query per section, which works the same on
SQLite and PostgreSQL.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Min, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from machina.apps.forum_conversation.models import Post, Topic

from directory.models import PracticeSite, Profile
from documents.models import DownloadStat, Protocol, ProtocolVersion
from forum.models import LocumRequest, MutualAidRequest
from portal.members.models import Membership
from portal.members.territory import coordinates

CACHE_SECONDS = 300
CACHE_VERSION = "v1"
SECTIONS = ("members", "boards", "protocols", "forum")
STALE_DAYS = 365
SMALL_COUNT = 5
MASKED = "< 5"


@dataclass(frozen=True)
class Filters:
    """A period of whole months, [start, end] inclusive, and an optional profession."""

    start: date
    end: date
    profession_id: int | None = None
    profession_name: str = ""

    @classmethod
    def default(cls, today=None, months=12, profession=None):
        today = today or timezone.localdate()
        end = today.replace(day=1)
        start = add_months(end, -(months - 1))
        return cls(
            start=start,
            end=end,
            profession_id=profession.pk if profession else None,
            profession_name=str(profession) if profession else "",
        )

    @property
    def since(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self):
        """Exclusive upper bound: the first instant of the month after ``end``."""
        return timezone.make_aware(datetime.combine(add_months(self.end, 1), time.min))

    def months(self):
        months, current = [], self.start
        while current <= self.end:
            months.append(current)
            current = add_months(current, 1)
        return months

    def cache_key(self, section, scope):
        return ":".join(
            [
                "indicators",
                CACHE_VERSION,
                section,
                self.start.isoformat(),
                self.end.isoformat(),
                str(self.profession_id or "all"),
                scope.key,
                translation.get_language() or "",
            ]
        )


@dataclass(frozen=True)
class Scope:
    """What the viewer may see: everything (bureau) or the protocols of some commissions."""

    everything: bool = False
    commission_ids: frozenset = frozenset()

    @property
    def key(self):
        if self.everything:
            return "all"
        return "c" + "-".join(str(pk) for pk in sorted(self.commission_ids))

    def sections(self):
        if self.everything:
            return SECTIONS
        return ("protocols",) if self.commission_ids else ()


EVERYTHING = Scope(everything=True)


@dataclass(frozen=True)
class Table:
    """A figure: its rows are the chart's data and the CSV's lines."""

    key: str
    title: str
    columns: tuple
    rows: list
    chart: str = "bar"  # "bar" (first column = label), "line" (first column = month), "map", ""
    description: str = ""
    series: tuple = ()  # indexes of the charted columns; default: every numeric column
    coords: dict = field(default_factory=dict)  # map only: label -> (lat, lng)
    public: bool = False  # part of the reduced public version

    @property
    def charted(self):
        return self.series or tuple(range(1, len(self.columns)))


def add_months(day, n):
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_label(value):
    return f"{value.year:04d}-{value.month:02d}"


def as_month(value):
    """The first day of the month of a date or (aware) datetime."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def days_between(start, end):
    return (end - start).total_seconds() / 86400


def median_days(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def median_delay(queryset, start, end):
    """``(count, median days from start to end)`` in 2 queries whatever the number of rows:
    the count, then the one or two middle delays in the database's order."""
    delays = queryset.annotate(
        delay=ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    ).order_by("delay")
    count = delays.count()
    if not count:
        return 0, None
    middle = list(delays.values_list("delay", flat=True)[(count - 1) // 2 : count // 2 + 1])
    return count, median_days([delay.total_seconds() / 86400 for delay in middle])


def share(part, whole):
    return round(100 * part / whole) if whole else None


def monthly(filters, counts_by_series):
    """Rows ``(month, n1, n2, ...)`` for every month of the period, zeros included."""
    return [
        (month_label(m), *(series.get(m, 0) for series in counts_by_series))
        for m in filters.months()
    ]


def month_bounds(filters):
    """``(month, since, until)`` for every month of the period, in the local time zone."""
    return [
        (
            m,
            timezone.make_aware(datetime.combine(m, time.min)),
            timezone.make_aware(datetime.combine(add_months(m, 1), time.min)),
        )
        for m in filters.months()
    ]


def count_by_month(queryset, field_name, filters, **conditions):
    """Per-month counts in ONE query: a filtered COUNT per month and per condition.

    Conditional aggregates use the index-friendly column comparisons on every
    database, where ``TruncMonth`` on SQLite calls a Python function per row
    (measured: 93 ms of a 230 ms report on 20,000 posts).
    ``conditions`` maps a name to an extra ``Q``; ``"n"`` (every row) is always counted.
    """
    conditions = {"n": Q(), **conditions}
    aggregates = {}
    for index, (_m, since, until) in enumerate(month_bounds(filters)):
        in_month = Q(**{f"{field_name}__gte": since, f"{field_name}__lt": until})
        for name, condition in conditions.items():
            # COUNT(date) rather than COUNT(id): the date is never null, and the database
            # then answers from an index on the date alone (forum posts: index-only scan).
            aggregates[f"{name}_{index}"] = Count(field_name, filter=in_month & condition)
    result = queryset.aggregate(**aggregates) if aggregates else {}
    return {
        name: {
            m: result[f"{name}_{index}"] for index, (m, _s, _u) in enumerate(month_bounds(filters))
        }
        for name in conditions
    }


# --- members -------------------------------------------------------------------------


def members_tables(filters):
    """7 queries: by profession, by commune, commune positions, applicants waiting, decisions
    (count and median), stale entries."""
    approved = Membership.objects.approved()
    if filters.profession_id:
        approved = approved.filter(profession_id=filters.profession_id)

    by_profession = list(
        approved.values_list("profession__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "profession__name")
    )
    by_commune = list(
        approved.values_list("commune").annotate(n=Count("pk")).order_by("-n", "commune")
    )
    coords = {name: coordinates(name) for name, _n in by_commune}
    coords = {name: position for name, position in coords.items() if position}
    # Communes outside the territory get the mean position of the practice sites there.
    for name, lat, lng in (
        PracticeSite.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("commune")
        .annotate(lat=Avg("latitude"), lng=Avg("longitude"))
        .values_list("commune", "lat", "lng")
    ):
        coords.setdefault(name, (lat, lng))

    pending = Membership.objects.filter(status=Membership.Status.PENDING)
    decided = Membership.objects.exclude(status=Membership.Status.PENDING).filter(
        decided_at__gte=filters.since, decided_at__lt=filters.until
    )
    if filters.profession_id:
        pending = pending.filter(profession_id=filters.profession_id)
        decided = decided.filter(profession_id=filters.profession_id)
    now = timezone.now()
    # Applicants waiting are few: their dates are read. Decisions of a regional year are
    # thousands: the database counts them and returns only the middle one or two delays.
    waiting = [
        days_between(applied, now) for applied in pending.values_list("applied_at", flat=True)
    ]
    decisions_count, median_decision = median_delay(decided, "applied_at", "decided_at")

    stale = Profile.objects.listed().not_confirmed_since(STALE_DAYS)
    if filters.profession_id:
        stale = stale.filter(user__membership__profession_id=filters.profession_id)
    stale_count = stale.count()

    return [
        Table(
            key="members-by-profession",
            title=_("Adhérents par profession"),
            columns=(_("Profession"), _("Adhérents")),
            rows=by_profession,
            description=_("Adhésions approuvées à ce jour."),
            public=True,
        ),
        Table(
            key="members-by-commune",
            title=_("Adhérents par commune d'exercice"),
            columns=(_("Commune"), _("Adhérents")),
            rows=by_commune,
            chart="map",
            coords={name: coords[name] for name, _n in by_commune if name in coords},
            description=_(
                "Un cercle par commune, d'autant plus grand et foncé qu'elle compte d'adhérents."
            ),
            public=True,
        ),
        Table(
            key="applications",
            title=_("Demandes d'adhésion et fiches d'annuaire"),
            columns=(_("Indicateur"), _("Valeur")),
            rows=[
                (_("Demandes en attente"), len(waiting)),
                (_("Attente médiane des demandes en attente (jours)"), median_days(waiting)),
                (_("Attente maximale (jours)"), round(max(waiting), 1) if waiting else None),
                (_("Demandes tranchées sur la période"), decisions_count),
                (_("Délai médian de décision sur la période (jours)"), median_decision),
                (_("Fiches non confirmées depuis un an"), stale_count),
            ],
            chart="",
        ),
    ]


# --- locum and mutual-aid boards -----------------------------------------------------


def _board_tables(model, filters, *, prefix, label, done_status, done_field, profession_field):
    """4 queries: per month, per profession, per commune (counts), and one for the delays."""
    qs = model.objects.filter(created_at__gte=filters.since, created_at__lt=filters.until)
    if filters.profession_id:
        qs = qs.filter(**{f"{profession_field}_id": filters.profession_id})
    done = Q(status=done_status)

    per_month = count_by_month(qs, "created_at", filters, d=done)
    published, completed = per_month["n"], per_month["d"]

    groups = {}
    for dimension, field_name in (
        ("profession", f"{profession_field}__name"),
        ("commune", "commune"),
    ):
        groups[dimension] = list(
            qs.values_list(field_name)
            .annotate(n=Count("pk"), d=Count("pk", filter=done))
            .order_by("-n", field_name)
        )

    # Delays: one row per request with its first answer (a MIN over a join, one query).
    first_answer = defaultdict(list)
    to_done = defaultdict(list)
    for profession, commune, created_at, done_at, answered_at in qs.annotate(
        answered=Min("responses__created_at")
    ).values_list(f"{profession_field}__name", "commune", "created_at", done_field, "answered"):
        for key in (("all", ""), ("profession", profession), ("commune", commune)):
            if answered_at:
                first_answer[key].append(days_between(created_at, answered_at))
            if done_at:
                to_done[key].append(days_between(created_at, done_at))

    total = sum(published.values())
    total_done = sum(completed.values())
    done_label = label["done"]
    tables = [
        Table(
            key=f"{prefix}-per-month",
            title=label["per_month"],
            columns=(_("Mois"), _("Publiées"), done_label),
            rows=monthly(filters, [published, completed]),
            chart="line",
            public=True,
        ),
        Table(
            key=f"{prefix}-summary",
            title=label["summary"],
            columns=(_("Indicateur"), _("Valeur")),
            rows=[
                (_("Demandes publiées"), total),
                (done_label, total_done),
                (_("Part (%)"), share(total_done, total)),
                (
                    _("Délai médian de première réponse (jours)"),
                    median_days(first_answer[("all", "")]),
                ),
                (label["median_done"], median_days(to_done[("all", "")])),
            ],
            chart="",
        ),
    ]
    for dimension, heading in (("profession", _("Profession")), ("commune", _("Commune"))):
        tables.append(
            Table(
                key=f"{prefix}-by-{dimension}",
                title=label[f"by_{dimension}"],
                columns=(
                    heading,
                    _("Demandes"),
                    done_label,
                    _("Part (%)"),
                    _("1re réponse, médiane (jours)"),
                    label["median_done"],
                ),
                rows=[
                    (
                        name,
                        n,
                        d,
                        share(d, n),
                        median_days(first_answer[(dimension, name)]),
                        median_days(to_done[(dimension, name)]),
                    )
                    for name, n, d in groups[dimension]
                ],
                series=(1, 2),
            )
        )
    return tables


def boards_tables(filters):
    """8 queries: 4 for locum requests, 4 for mutual-aid requests."""
    return _board_tables(
        LocumRequest,
        filters,
        prefix="locum",
        done_status=LocumRequest.Status.FILLED,
        done_field="filled_at",
        profession_field="profession",
        label={
            "done": _("Pourvues"),
            "per_month": _("Demandes de remplacement par mois"),
            "summary": _("Remplacements : synthèse de la période"),
            "median_done": _("Délai médian jusqu'à pourvue (jours)"),
            "by_profession": _("Remplacements par profession"),
            "by_commune": _("Remplacements par commune"),
        },
    ) + _board_tables(
        MutualAidRequest,
        filters,
        prefix="aid",
        done_status=MutualAidRequest.Status.SOLVED,
        done_field="solved_at",
        profession_field="profession_needed",
        label={
            "done": _("Résolues"),
            "per_month": _("Demandes d'entraide par mois"),
            "summary": _("Entraide : synthèse de la période"),
            "median_done": _("Délai médian jusqu'à résolue (jours)"),
            "by_profession": _("Entraide par profession recherchée"),
            "by_commune": _("Entraide par commune"),
        },
    )


# --- protocols -----------------------------------------------------------------------


def protocols_tables(filters, scope):
    """4 queries: status by commission, awaiting by commission, downloads by protocol and by month."""
    protocols = Protocol.objects.all()
    versions = ProtocolVersion.objects.filter(status=ProtocolVersion.Status.SUBMITTED)
    stats = DownloadStat.objects.filter(month__gte=filters.start, month__lte=filters.end)
    if not scope.everything:
        protocols = protocols.filter(commission_id__in=scope.commission_ids)
        versions = versions.filter(protocol__commission_id__in=scope.commission_ids)
        stats = stats.filter(version__protocol__commission_id__in=scope.commission_ids)
    if filters.profession_id:
        stats = stats.filter(profession_id=filters.profession_id)

    today = timezone.localdate()
    validated = Q(current_version__isnull=False)
    status = {
        name: [validated_n, overdue_n, 0]
        for name, validated_n, overdue_n in protocols.values_list("commission__name")
        .annotate(
            v=Count("pk", filter=validated),
            o=Count("pk", filter=validated & Q(review_date__lt=today)),
        )
        .values_list("commission__name", "v", "o")
    }
    for name, n in (
        versions.values_list("protocol__commission__name")
        .annotate(n=Count("protocol", distinct=True))
        .values_list("protocol__commission__name", "n")
    ):
        status.setdefault(name, [0, 0, 0])[2] = n

    by_protocol = list(
        stats.values_list("version__protocol__title")
        .annotate(n=Sum("count"))
        .order_by("-n", "version__protocol__title")
    )
    per_month = defaultdict(lambda: defaultdict(int))
    for month, profession, n in (
        stats.values_list("month", "profession__name")
        .annotate(n=Sum("count"))
        .values_list("month", "profession__name", "n")
    ):
        per_month[profession or _("Sans profession")][as_month(month)] += n
    professions = sorted(per_month)

    return [
        Table(
            key="protocols-status",
            title=_("Protocoles par commission"),
            columns=(
                _("Commission"),
                _("Validés"),
                _("À réviser (date dépassée)"),
                _("En attente de validation"),
            ),
            rows=[(name, *values) for name, values in sorted(status.items())],
            public=True,
        ),
        Table(
            key="downloads-by-protocol",
            title=_("Téléchargements par protocole"),
            columns=(_("Protocole"), _("Téléchargements")),
            rows=by_protocol,
        ),
        Table(
            key="downloads-per-month",
            title=_("Téléchargements par profession et par mois"),
            columns=(_("Mois"), *professions),
            rows=monthly(filters, [per_month[p] for p in professions]),
            chart="line",
        ),
    ]


# --- forum ---------------------------------------------------------------------------


def forum_tables(filters):
    """2 queries: topics and posts per month."""
    topics = Topic.objects.filter(created__gte=filters.since, created__lt=filters.until)
    posts = Post.objects.filter(created__gte=filters.since, created__lt=filters.until)
    if filters.profession_id:
        topics = topics.filter(poster__membership__profession_id=filters.profession_id)
        posts = posts.filter(poster__membership__profession_id=filters.profession_id)
    return [
        Table(
            key="forum-per-month",
            title=_("Activité du forum par mois"),
            columns=(_("Mois"), _("Sujets"), _("Messages")),
            rows=monthly(
                filters,
                [
                    count_by_month(topics, "created", filters)["n"],
                    count_by_month(posts, "created", filters)["n"],
                ],
            ),
            chart="line",
            public=True,
        )
    ]


# --- entry points --------------------------------------------------------------------


def build_section(section, filters, scope=EVERYTHING):
    """The tables of one section, from the shared cache until any table is written (the
    figures read most of them: the last write stamp of all, portal.perf)."""
    from portal.perf import all_tables, table_stamps

    if section not in scope.sections():
        return []
    key = f"{filters.cache_key(section, scope)}:{max(table_stamps(all_tables()))}"
    tables = cache.get(key)
    if tables is None:
        if section == "members":
            tables = members_tables(filters)
        elif section == "boards":
            tables = boards_tables(filters)
        elif section == "protocols":
            tables = protocols_tables(filters, scope)
        else:
            tables = forum_tables(filters)
        cache.set(key, tables, CACHE_SECONDS)
    return tables


def build_report(filters, scope=EVERYTHING):
    """``[(section, [Table, ...]), ...]`` for the sections the scope allows."""
    return [(section, build_section(section, filters, scope)) for section in scope.sections()]


def find_table(key, filters, scope=EVERYTHING):
    for _section, tables in build_report(filters, scope):
        for table in tables:
            if table.key == key:
                return table
    return None


def mask(value):
    """Counts under 5 (zero included) are shown as "< 5" on the public version."""
    if isinstance(value, int) and not isinstance(value, bool) and value < SMALL_COUNT:
        return MASKED
    return value


def public_table(table):
    """The same table with every small count masked."""
    return replace(
        table,
        rows=[(row[0], *(mask(v) for v in row[1:])) for row in table.rows],
    )


def public_report(filters):
    """The reduced public version: counts only (no delays, no shares), small counts masked."""
    return [
        (section, [public_table(t) for t in tables if t.public])
        for section, tables in build_report(filters, EVERYTHING)
    ]


def key_figures(scope=EVERYTHING):
    """The dashboard panel's figures: 2 queries for the bureau, 1 for a commission member."""
    today = timezone.localdate()
    figures = []
    if scope.everything:
        counts = Membership.objects.aggregate(
            members=Count("pk", filter=Q(status=Membership.Status.APPROVED)),
            pending=Count("pk", filter=Q(status=Membership.Status.PENDING)),
            oldest=Min("applied_at", filter=Q(status=Membership.Status.PENDING)),
        )
        figures += [
            (_("Adhérents"), counts["members"]),
            (_("Demandes d'adhésion en attente"), counts["pending"]),
        ]
        if counts["oldest"]:
            figures.append(
                (_("Plus ancienne demande (jours)"), (timezone.now() - counts["oldest"]).days)
            )
    protocols = Protocol.objects.all()
    if not scope.everything:
        protocols = protocols.filter(commission_id__in=scope.commission_ids)
    if scope.everything or scope.commission_ids:
        counts = protocols.aggregate(
            validated=Count("pk", filter=Q(current_version__isnull=False), distinct=True),
            overdue=Count(
                "pk",
                filter=Q(current_version__isnull=False, review_date__lt=today),
                distinct=True,
            ),
            awaiting=Count(
                "pk",
                filter=Q(versions__status=ProtocolVersion.Status.SUBMITTED),
                distinct=True,
            ),
        )
        figures += [
            (_("Protocoles validés"), counts["validated"]),
            (_("Protocoles en attente de validation"), counts["awaiting"]),
            (_("Protocoles à réviser"), counts["overdue"]),
        ]
    return figures
