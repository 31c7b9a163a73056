"""The indicators' aggregate queries: a fixed number per section, whatever the data size.

Every figure shown (chart, table, CSV, public page) comes from ``build_section``;
the chart and its CSV are two renderings of the same ``Table``. Counts are
grouped in the database (``annotate``, and one ``aggregate`` of per-month
filtered counts for each time series); medians are computed in
Python from one ``values_list`` query per section, which works the same on
SQLite and PostgreSQL.
"""

from dataclasses import replace

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Protocol, ProtocolVersion
from portal.members.models import Membership

from .base import (
    CACHE_SECONDS,
    CACHE_VERSION,
    EVERYTHING,
    MASKED,
    SECTIONS,
    SMALL_COUNT,
    STALE_DAYS,
    Filters,
    Scope,
    Table,
    add_months,
    as_month,
    count_by_month,
    days_between,
    median_days,
    median_delay,
    month_bounds,
    month_label,
    monthly,
    share,
)
from .boards import boards_tables
from .forum import forum_tables
from .members import members_tables
from .protocols import protocols_tables

__all__ = [
    "CACHE_SECONDS",
    "CACHE_VERSION",
    "SECTIONS",
    "STALE_DAYS",
    "SMALL_COUNT",
    "MASKED",
    "Filters",
    "Scope",
    "EVERYTHING",
    "Table",
    "add_months",
    "month_label",
    "as_month",
    "days_between",
    "median_days",
    "median_delay",
    "share",
    "monthly",
    "month_bounds",
    "count_by_month",
    "build_section",
    "build_report",
    "find_table",
    "mask",
    "public_table",
    "public_report",
    "key_figures",
]


def build_section(section, filters, scope=EVERYTHING):
    """The tables of one section, from the shared cache until any table is written (the
    figures read most of them: the last write stamp of all, portal.core.stamps)."""
    from portal.core.stamps import last_write

    if section not in scope.sections():
        return []
    key = f"{filters.cache_key(section, scope)}:{last_write()}"
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
