"""Indicators of the protocols: status, reviews, downloads."""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DownloadStat, Protocol, ProtocolVersion

from .base import (
    Table,
    as_month,
    monthly,
)


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
