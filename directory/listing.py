"""What the JSON API and the FHIR endpoints list: listed entries and published resources.

Both read-only APIs filter the same querysets with the same cleaned parameters; neither
decides visibility (that is :func:`directory.visibility.visible_contact`).
"""

from portal.members.models import User
from portal.members.territory import official_name

from .models import Profile, Resource
from .search.query import matching_profiles, matching_resources

# Largest primary key a database accepts (signed 64-bit): bigger ids would crash the driver.
MAX_ID = 2**63 - 1
# Generous, but stops absurd page numbers before they reach the database as offsets.
MAX_PAGE = 10**6


def clean_text(value, max_length=100):
    """Drop NUL bytes (PostgreSQL refuses them) and surrounding blanks."""
    return (value or "").replace("\x00", "").strip()[:max_length]


def listed_profiles(
    *, profession=None, commune=None, home_visits=None, accepts_new_patients=None, q=None
):
    """Listed entries, filtered, with everything a page needs in a fixed number of queries."""
    qs = Profile.objects.listed().with_related()
    qs = qs.in_profession(clean_text(profession)).in_commune(official_name(clean_text(commune)))
    qs = matching_profiles(qs, clean_text(q, 200))
    if home_visits is not None:
        qs = qs.filter(home_visits=home_visits)
    if accepts_new_patients is not None:
        qs = qs.filter(accepts_new_patients=accepts_new_patients)
    return qs.order_by(*User.name_order("user__"), "pk")


def published_resources(*, category=None, commune=None, q=None):
    qs = Resource.objects.published()
    category = clean_text(category, 30)
    if category:
        qs = qs.filter(category=category)
    qs = matching_resources(qs.covering(official_name(clean_text(commune))), clean_text(q, 200))
    return qs.order_by("name", "pk")
