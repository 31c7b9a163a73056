"""Distances between the communes of the territory (great-circle, no external service)."""

from math import asin, cos, radians, sin, sqrt

from portal.members.territory import COMMUNES

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1, lng1, lat2, lng2):
    lat1, lng1, lat2, lng2 = map(radians, (lat1, lng1, lat2, lng2))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def coordinates(commune):
    """(latitude, longitude) of a commune of the territory, or None."""
    wanted = (commune or "").strip().lower()
    for name, _postcode, _insee, lat, lng in COMMUNES:
        if name.lower() == wanted:
            return lat, lng
    return None


def communes_near(commune, radius_km):
    """Communes of the territory within ``radius_km`` of ``commune``, nearest first (itself too).

    An unknown commune gives just itself, so callers still match exact names.
    """
    origin = coordinates(commune)
    if origin is None:
        return [commune] if commune else []
    found = []
    for name, _postcode, _insee, lat, lng in COMMUNES:
        distance = haversine_km(origin[0], origin[1], lat, lng)
        if distance <= radius_km:
            found.append((distance, name))
    return [name for _distance, name in sorted(found)]
