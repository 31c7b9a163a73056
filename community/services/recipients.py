"""Who a new request is for: members of the profession practising near its commune."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from portal.members.models import Membership

from ..models import NEARBY_KM


def _near(commune, radius_km=NEARBY_KM):
    from directory.geo import communes_near

    return communes_near(commune, radius_km)


def _practising_in(communes):
    """Users whose membership commune, or one of whose directory sites, is in ``communes``."""
    from directory.models import PracticeSite

    site_users = PracticeSite.objects.filter(commune__in=communes).values("profile__user_id")
    return Q(membership__commune__in=communes) | Q(pk__in=site_users)


def locum_candidates(locum_request):
    """Approved members of the profession, available on those dates, practising near the commune."""
    from directory.models import Profile

    available = Profile.objects.available_for_locum(
        locum_request.profession, locum_request.start, locum_request.end
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=available)
        .filter(_practising_in(_near(locum_request.commune)))
        .exclude(pk=locum_request.author_id)
        .distinct()
    )


def mutual_aid_candidates(aid_request):
    """Every approved member of the needed profession practising near the commune."""
    return (
        get_user_model()
        .objects.filter(
            membership__status=Membership.Status.APPROVED,
            membership__profession=aid_request.profession_needed,
        )
        .filter(_practising_in(_near(aid_request.commune)))
        .exclude(pk=aid_request.author_id)
        .distinct()
    )
