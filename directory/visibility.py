"""The one place where what a viewer may see of a directory entry is decided.

Every page, search result, map marker, vCard, export and API answer goes
through :func:`visible_contact`; nothing else reads a ``*_visibility`` field.

Levels: ``"public"`` (visitors, applicants, suspended members), ``"members"``
(approved members and the bureau) and ``"owner"`` (the entry's owner, its
delegates and the bureau: whoever may edit the entry sees all of it).

The promise made on the entry form (``HIDDEN_PROMISE``) is this rule: "Masqué" is seen by
the member, the people they delegate and the bureau, and nobody else — on the page, in
the search, the vCard, the API, FHIR and the bureau's CSV export alike. Until the member
first confirms their entry, nothing of it is public: a field set to "Public" is shown to
members only (``effective_visibility``).
"""

from django.db.models import Value

from portal.members.territory import commune as territory_commune
from portal.members.viewer import MEMBERS, OWNER, PUBLIC, Viewer, viewer_question

from .models import (
    PracticeSite,
    ProfileGroupObjectPermission,
    ProfileUserObjectPermission,
    Visibility,
)

_RANK = {PUBLIC: 0, MEMBERS: 1, OWNER: 2}
_NEEDED = {Visibility.PUBLIC: PUBLIC, Visibility.MEMBERS: MEMBERS, Visibility.HIDDEN: OWNER}


@viewer_question
def delegated_profile_ids(viewer):
    """The entries the viewer may edit for their owner (guardian ``directory.change_profile``,
    given to them or to one of their groups), in one query."""
    if not viewer.is_authenticated:
        return frozenset()
    rows = ProfileUserObjectPermission.objects.filter(
        user_id=viewer.user_id, permission__codename="change_profile"
    ).values_list("content_object_id", Value(0))
    rows = rows.union(
        ProfileGroupObjectPermission.objects.filter(
            group__user=viewer.user_id, permission__codename="change_profile"
        ).values_list("content_object_id", Value(0))
    )
    return frozenset(profile_id for profile_id, _zero in rows)


def communes_of(membership, site_communes):
    """The membership's commune and those of the entry's sites, blanks left out."""
    communes = {*site_communes, membership.commune if membership is not None else ""}
    return frozenset(commune for commune in communes if commune)


@viewer_question
def practice_communes(viewer):
    """Where the viewer practises: their membership's commune and their entry's sites."""
    if not viewer.is_authenticated:
        return frozenset()
    sites = PracticeSite.objects.filter(profile__user_id=viewer.user_id)
    return communes_of(viewer.membership, sites.values_list("commune", flat=True))


def can_edit(viewer, profile):
    """Owner, delegate (guardian ``directory.change_profile``) or bureau; ``viewer`` is a
    :class:`~portal.members.viewer.Viewer` or a user."""
    viewer = Viewer.of(viewer)
    if viewer.user_id is None:
        return False
    return (
        viewer.is_bureau
        or profile.user_id == viewer.user_id
        or profile.pk in viewer.delegated_profile_ids
    )


def viewer_level(viewer, profile=None):
    """``"public"``, ``"members"`` or, for someone who may edit ``profile``, ``"owner"``."""
    viewer = Viewer.of(viewer)
    if profile is not None and can_edit(viewer, profile):
        return OWNER
    return viewer.level


def can_see(visibility, level):
    return _RANK[level] >= _RANK[_NEEDED.get(visibility, OWNER)]


def effective_visibility(visibility, confirmed):
    """A never confirmed entry (a newly approved member) shows members at most, whatever the
    bureau's default or the stored choice, until its member confirms it."""
    if visibility == Visibility.PUBLIC and not confirmed:
        return Visibility.MEMBERS
    return visibility


def _str(value):
    return str(value) if value else ""


def visible_site(site, level, *, confirmed=True):
    def shown(visibility):
        return can_see(effective_visibility(visibility, confirmed), level)

    address_ok = shown(site.address_visibility)
    latitude, longitude = (site.latitude, site.longitude) if address_ok else (None, None)
    precise = latitude is not None
    if latitude is None:
        # Without the address, the map shows the commune, not the practice.
        known = territory_commune(site.commune)
        if known:
            latitude, longitude = known["lat"], known["lng"]
    return {
        "id": site.pk,
        "name": site.name,
        "address": site.address if address_ok else "",
        "postcode": site.postcode,
        "commune": site.commune,
        "latitude": latitude,
        "longitude": longitude,
        "precise_position": precise,
        "phone": _str(site.phone) if shown(site.phone_visibility) else "",
        "opening_notes": site.opening_notes,
    }


def visible_contact(profile, viewer, *, level=None):
    """A plain dict of the entry holding only what ``viewer`` (a Viewer or a user) may see.

    Keys are always present; a value the viewer may not see is ``""`` (or
    ``None``/``[]``). Use ``Profile.objects.with_related()`` so that lists
    run no query per entry.
    """
    level = level or viewer_level(viewer, profile)
    user = profile.user
    membership = getattr(user, "membership", None)
    profession = membership.profession if membership else None
    members_ok = _RANK[level] >= _RANK[MEMBERS]
    confirmed = profile.confirmed_at is not None

    def shown(visibility):
        return can_see(effective_visibility(visibility, confirmed), level)

    return {
        "id": profile.pk,
        "level": level,
        "name": profile.display_name,
        "civility": profile.civility,
        "civility_display": profile.get_civility_display() if profile.civility else "",
        "first_name": user.first_name,
        "last_name": user.last_name,
        "profession": profession.label(feminine=profile.civility == "mme") if profession else "",
        "profession_official": (profession.official_label or profession.name) if profession else "",
        "profession_slug": profession.slug if profession else "",
        "profession_code": profession.code if profession else "",
        "rpps": (membership.rpps or "") if membership else "",
        "adeli": (membership.adeli or "") if membership else "",
        "commune": membership.commune if membership else "",
        "specialties": profile.tag_names,
        "languages": profile.language_list,
        "language_labels": profile.language_labels,
        "home_visits": profile.home_visits,
        "accepts_new_patients": profile.accepts_new_patients,
        "available_for_locum": profile.available_for_locum,
        "locum_periods": (
            [(period.start, period.end) for period in profile.locum_periods.all()]
            if members_ok
            else []
        ),
        "photo": profile.photo.url if profile.photo and shown(profile.photo_visibility) else "",
        "mobile": _str(profile.mobile) if shown(profile.mobile_visibility) else "",
        "email": profile.email if shown(profile.email_visibility) else "",
        "mssante": profile.mssante if shown(profile.mssante_visibility) else "",
        "website": profile.website if shown(profile.website_visibility) else "",
        "sites": [visible_site(site, level, confirmed=confirmed) for site in profile.sites.all()],
        "confirmed_at": profile.confirmed_at,
        "updated_at": profile.updated_at,
    }
