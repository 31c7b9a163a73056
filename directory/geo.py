"""Distances between the communes of the territory (great-circle, no external service).

The communes and their positions are in the Commune table (portal.members.territory).
"""

from portal.members.territory import communes_within, coordinates, haversine_km

__all__ = ["communes_near", "communes_within", "coordinates", "haversine_km"]


def communes_near(commune, radius_km):
    """Communes of the territory within ``radius_km`` of ``commune``, nearest first (itself too).

    An unknown commune gives just itself, so callers still match exact names.
    """
    return communes_within((commune or "").strip(), radius_km)
