"""Indicators of the membership: who joined, from where, how up to date the directory is."""

from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import PracticeSite, Profile
from portal.members.models import Membership
from portal.members.territory import coordinates

from .base import (
    STALE_DAYS,
    Table,
    days_between,
    median_days,
    median_delay,
)


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
