"""Directory and resource queries: what matches, in what order, for which viewer."""

import math

from django.db.models import F, FloatField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from portal.members.models import User
from portal.members.normalize import commune_key
from portal.members.territory import snapshot
from portal.members.viewer import OWNER, Viewer
from portal.search.normalize import fold
from portal.search.query import build_query

from .index import DOMAIN, RESOURCE_DOMAIN
from .models import LEVELS, ProfileSearch, ResourceSearch

FAR = 1e9


def find_place(text):
    """``(place, its words, the rest)``: the longest run of words naming a commune of the
    territory; ``(None, "", text)`` when none does."""
    tokens = fold(text).split()
    if not tokens:
        return None, "", text
    by_key = snapshot().by_key
    for size in range(min(len(tokens), 6), 0, -1):
        for start in range(len(tokens) - size + 1):
            span = tokens[start : start + size]
            if size == 1 and len(span[0]) < 3:
                continue
            found = by_key.get(commune_key(" ".join(span)))
            if found is not None:
                rest = " ".join(tokens[:start] + tokens[start + size :])
                return found, " ".join(span), rest
    return None, "", text


def viewer_search_level(viewer):
    """The bureau finds entries by everything; others by what their level shows."""
    viewer = Viewer.of(viewer)
    return LEVELS[OWNER] if viewer.is_bureau else LEVELS[viewer.level]


def _squared_distance(place):
    """An order-preserving distance to ``place`` (equirectangular, fine at a region's scale)."""
    scale = math.cos(math.radians(place.lat))
    return Coalesce(
        (F("latitude") - Value(place.lat)) * (F("latitude") - Value(place.lat))
        + (F("longitude") - Value(place.lng))
        * Value(scale)
        * (F("longitude") - Value(place.lng))
        * Value(scale),
        Value(FAR),
        output_field=FloatField(),
    )


def parse(text, domain):
    place, place_text, rest = find_place(text)
    if place is None or place.lat is None:
        return build_query(text, domain), None
    return build_query(rest, domain, optional_text=place_text), place


def search_profiles(queryset, text, viewer):
    """``queryset`` narrowed to entries matching ``text`` at the viewer's level, best first:
    score (exact name, then name, profession and commune, then specialties and the rest), then
    distance to a commune named in the text, then name."""
    query, place = parse(text, DOMAIN)
    if not query:
        return queryset.order_by(*User.name_order("user__"), "pk")
    columns = ProfileSearch.COLUMNS
    level = viewer_search_level(viewer)
    # What matches first (one scan of the index), then the score of those rows only.
    matching = ProfileSearch.objects.filter(level=level).filter(query.match(columns))
    rows = ProfileSearch.objects.filter(profile=OuterRef("pk"), level=level)
    score = rows.annotate(s=query.score(columns, "name")).values("s")[:1]
    queryset = queryset.filter(pk__in=matching.values("profile_id")).annotate(
        search_score=Subquery(score)
    )
    order = ["-search_score"]
    if place is not None:
        distance = rows.annotate(d=_squared_distance(place)).values("d")[:1]
        queryset = queryset.annotate(search_distance=Subquery(distance))
        order.append("search_distance")
    return queryset.order_by(*order, *User.name_order("user__"), "pk")


def matching_profile_ids(text, level="public"):
    """Ids of entries matching ``text`` at ``level`` (for filters that keep their own order)."""
    query, _place = parse(text, DOMAIN)
    rows = ProfileSearch.objects.filter(level=LEVELS[level])
    if query:
        rows = rows.filter(query.match(ProfileSearch.COLUMNS))
    return rows.values("profile_id")


def search_resources(queryset, text):
    """Resources matching ``text``, best first, nearest to a commune named in it, then by name."""
    query, place = parse(text, RESOURCE_DOMAIN)
    if not query:
        return queryset.order_by("category", "name", "pk")
    columns = ResourceSearch.COLUMNS
    matching = ResourceSearch.objects.filter(query.match(columns)).values("resource_id")
    rows = ResourceSearch.objects.filter(resource=OuterRef("pk"))
    score = rows.annotate(s=query.score(columns)).values("s")[:1]
    queryset = queryset.filter(pk__in=matching).annotate(search_score=Subquery(score))
    order = ["-search_score"]
    if place is not None:
        distance = rows.annotate(d=_squared_distance(place)).values("d")[:1]
        queryset = queryset.annotate(search_distance=Subquery(distance))
        order.append("search_distance")
    return queryset.order_by(*order, "name", "pk")


def matching_resource_ids(text):
    query, _place = parse(text, RESOURCE_DOMAIN)
    rows = ResourceSearch.objects.all()
    if query:
        rows = rows.filter(query.match(ResourceSearch.COLUMNS))
    return rows.values("resource_id")


def matching_profiles(queryset, text, level="public"):
    """``queryset`` narrowed to the entries matching ``text`` by what a viewer of ``level`` sees."""
    text = (text or "").strip()
    return queryset.filter(pk__in=matching_profile_ids(text, level)) if text else queryset


def matching_resources(queryset, text):
    """``queryset`` narrowed to the resources matching ``text``, in the queryset's own order."""
    text = (text or "").strip()
    return queryset.filter(pk__in=matching_resource_ids(text)) if text else queryset
