"""Suggestions for the directory's search box: names, professions, communes, specialties.

Only what the viewer may find: names of listed entries matched on what their level shows,
specialties of those same entries, active professions, the territory's communes.
A fixed number of queries whatever the directory's size.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _t
from django.views import View
from taggit.models import Tag

from portal.members.models import Commune, Profession, User
from portal.search.normalize import fold, stemmed_column, words
from portal.search.query import Column, build_query

from ..models import Profile
from .index import DOMAIN
from .models import ProfileSearch
from .query import viewer_search_level

LIMIT = 4
MIN_LENGTH = 2


def _starts(text, typed_words):
    """Whether every typed word starts a word of ``text`` (folded, stems for plurals)."""
    text_words = fold(text).split() + stemmed_column(text).split()
    return all(any(w.startswith(t) for w in text_words) for t in typed_words)


def suggestions(text, viewer):
    typed = words(text)
    if len(fold(text)) < MIN_LENGTH or not typed:
        return []
    query = build_query(text, DOMAIN)
    results = []
    rows = (
        ProfileSearch.objects.filter(
            level=viewer_search_level(viewer),
            profile__in=Profile.objects.listed(),
        )
        .filter(query.match([Column("name", 8, stemmed=False)]) if query else ())
        .select_related("profile__user")
        .order_by(*User.name_order("profile__user__"), "profile_id")
    )
    for row in rows[:LIMIT]:
        name = row.profile.user.get_full_name()
        results.append({"name": name, "label": _t("%(name)s (nom)") % {"name": name}})
    professions = [
        p
        for p in Profession.objects.active().only("name", "name_feminine", "plural")
        if _starts(f"{p.name} {p.name_feminine} {p.plural}", typed)
    ]
    for profession in professions[:LIMIT]:
        label = _t("%(name)s (profession)") % {"name": profession.name}
        results.append({"name": profession.name, "label": label})
    for commune in Commune.objects.territory().search(text).only("name", "postcodes")[:LIMIT]:
        label = _t("%(name)s (commune)") % {"name": str(commune)}
        results.append({"name": commune.name, "label": label})
    # Specialties of listed entries only: a pending applicant's words are nobody's to see.
    tags = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__model="profile",
            taggit_taggeditem_items__content_type__app_label="directory",
            taggit_taggeditem_items__object_id__in=Profile.objects.listed().values("pk"),
        )
        .filter(**_tag_prefilter(typed))
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)[:50]
    )
    specialties = [name for name in tags if _starts(name, typed)]
    for name in specialties[:LIMIT]:
        results.append({"name": name, "label": _t("%(name)s (spécialité)") % {"name": name}})
    return results


def _tag_prefilter(typed):
    """A cheap SQL narrowing on the longest typed word's first letters, accents aside: tags are
    stored as typed, so only a short unaccented prefix is safe to compare in SQL."""
    longest = max(typed, key=len)
    return {"slug__icontains": longest[:3]} if len(longest) >= 3 else {}


class SuggestionsView(View):
    """``/annuaire/suggestions/?q=``: JSON for the search box's combobox."""

    def get(self, request):
        text = request.GET.get("q", "")[:100]
        response = JsonResponse({"results": suggestions(text, request.viewer)})
        response["Cache-Control"] = "private, max-age=60"
        return response
