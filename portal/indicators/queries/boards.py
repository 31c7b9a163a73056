"""Indicators of the locum and mutual-aid boards: requests, answers, delays."""

from collections import defaultdict

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from community.models import LocumRequest, MutualAidRequest

from .base import (
    Table,
    count_by_month,
    days_between,
    median_days,
    monthly,
    share,
)


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
