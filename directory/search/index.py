"""Writing the directory's index rows: on every write (signals) and by ``rebuild_search_index``.

Signals rather than calls in each write service: entries change through the member's form,
the bureau's admin, imports and approvals, and every one of them saves these models.
``QuerySet.update()`` and ``bulk_create()`` send no signal: run the rebuild after them.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from portal.members.territory import coordinates
from portal.members.viewer import MEMBERS, OWNER, PUBLIC
from portal.search.normalize import phone_token, plain_column, stemmed_column
from portal.search.query import clear_words, remember_words

from ..visibility import can_see, effective_visibility
from .models import LEVELS, ProfileSearch, ResourceSearch

DOMAIN = "directory"
RESOURCE_DOMAIN = "resources"


def _position(profile, sites):
    """The centre of the first commune known: never the practice's own (maybe hidden) spot."""
    membership = getattr(profile.user, "membership", None)
    for name in [site.commune for site in sites] + [membership.commune if membership else ""]:
        found = coordinates(name) if name else None
        if found:
            return found
    return None, None


def profile_rows(profile):
    """Unsaved index rows of ``profile``, one per visibility level."""
    user = profile.user
    membership = getattr(user, "membership", None)
    profession = membership.profession if membership else None
    sites = list(profile.sites.all())
    tags = [tag.name for tag in profile.specialties.all()]
    latitude, longitude = _position(profile, sites)
    name = plain_column(user.first_name, user.last_name)
    professions = (
        stemmed_column(
            profession.name, profession.name_feminine, profession.plural, profession.official_label
        )
        if profession
        else ""
    )
    place = plain_column(
        *[site.commune for site in sites],
        *[site.postcode for site in sites],
        membership.commune if membership else "",
    )
    topics = stemmed_column(*tags, *profile.language_labels)
    confirmed = profile.confirmed_at is not None

    def shown(visibility, level):
        # The same promise as the page: a never confirmed entry shows members at most.
        return can_see(effective_visibility(visibility, confirmed), level)

    rows = []
    for level in (PUBLIC, MEMBERS, OWNER):
        other = [site.name for site in sites] + [site.opening_notes for site in sites]
        for site in sites:
            if shown(site.address_visibility, level):
                other.append(site.address)
            if site.phone and shown(site.phone_visibility, level):
                other.append(phone_token(site.phone))
        if profile.mobile and shown(profile.mobile_visibility, level):
            other.append(phone_token(profile.mobile))
        for field in ("email", "mssante", "website"):
            if getattr(profile, field) and shown(getattr(profile, f"{field}_visibility"), level):
                other.append(getattr(profile, field))
        rows.append(
            ProfileSearch(
                profile=profile,
                level=LEVELS[level],
                name=name,
                profession=professions,
                place=place,
                topics=topics,
                other=stemmed_column(*other),
                latitude=latitude,
                longitude=longitude,
            )
        )
    words = plain_column(user.first_name, user.last_name, *tags, *[s.commune for s in sites])
    if profession:
        words += plain_column(profession.name, profession.name_feminine, profession.plural)
    return rows, words


@transaction.atomic
def index_profiles(profiles):
    """Renew the rows of ``profiles`` (use ``Profile.objects.with_related()``)."""
    profiles = list(profiles)
    rows, words = [], []
    # Labels (languages, professions) in the site's language, whoever's request saves.
    with translation.override(settings.LANGUAGE_CODE):
        for profile in profiles:
            profile_rows_, profile_words = profile_rows(profile)
            rows += profile_rows_
            words.append(profile_words)
    ProfileSearch.objects.filter(profile__in=[p.pk for p in profiles]).delete()
    ProfileSearch.objects.bulk_create(rows, batch_size=500)
    remember_words(DOMAIN, *words)


def index_profile_ids(ids):
    from ..models import Profile

    ids = [pk for pk in set(ids) if pk]
    if ids:
        index_profiles(Profile.objects.with_related().filter(pk__in=ids))


def resource_row(resource):
    return ResourceSearch(
        resource=resource,
        name=stemmed_column(resource.name),
        category=stemmed_column(resource.get_category_display(), resource.category),
        place=plain_column(resource.commune, resource.postcode, resource.communes_covered),
        other=stemmed_column(resource.description, resource.address),
        latitude=resource.latitude,
        longitude=resource.longitude,
    )


@transaction.atomic
def index_resources(resources):
    resources = list(resources)
    ResourceSearch.objects.filter(resource__in=[r.pk for r in resources]).delete()
    with translation.override(settings.LANGUAGE_CODE):
        rows = [resource_row(r) for r in resources]
    ResourceSearch.objects.bulk_create(rows, batch_size=500)
    remember_words(
        RESOURCE_DOMAIN,
        *[plain_column(r.name, r.commune, r.communes_covered, r.description) for r in resources],
    )


def rebuild(batch=500):
    """Every entry and resource again (after bulk writes or a change of the rules)."""
    from ..models import Profile, Resource

    ProfileSearch.objects.all().delete()
    clear_words(DOMAIN)
    clear_words(RESOURCE_DOMAIN)
    ids = list(Profile.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        index_profiles(Profile.objects.with_related().filter(pk__in=ids[start : start + batch]))
    index_resources(Resource.objects.all())
    return len(ids)
