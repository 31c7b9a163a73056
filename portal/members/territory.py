"""The territory: the communes the association serves, read from the Commune table.

Reads go through a per-process copy of the territory's communes, checked against
``Territory.version`` (one small query) once per request, or on every call outside
a request: a write from another process (a management command, another app
server) is seen by the next request. Writes change the version (services_territory.changed).
"""

import threading
from dataclasses import dataclass
from math import asin, cos, radians, sin, sqrt
from pathlib import Path

from django.core.signals import request_finished, request_started

from .normalize import commune_key

BUNDLED_FILE = Path(__file__).resolve().parent / "data" / "communes-34.csv"
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Place:
    insee: str
    name: str
    postcode: str
    department: str
    lat: float | None
    lng: float | None
    key: str

    def as_dict(self):
        return {
            "name": self.name,
            "postcode": self.postcode,
            "insee": self.insee,
            "lat": self.lat,
            "lng": self.lng,
        }


class _Snapshot:
    def __init__(self, version, places):
        self.version = version
        self.places = places
        self.by_key = {}
        for place in places:
            self.by_key.setdefault(place.key, place)
        self.names = sorted({p.name for p in places}, key=commune_key)
        self.near = {}


_process = {"snapshot": None}
_request = threading.local()


def forget():
    """Drop this process's copy (after a write made here)."""
    _process["snapshot"] = None
    _request.checked = None


def _on_request_started(**kwargs):
    _request.active = True
    _request.checked = None


def _on_request_finished(**kwargs):
    _request.active = False
    _request.checked = None


def connect_signals():
    request_started.connect(_on_request_started, dispatch_uid="territory-request-started")
    request_finished.connect(_on_request_finished, dispatch_uid="territory-request-finished")


def snapshot():
    """The territory's communes as this process knows them, checked against the database."""
    from .models import Commune, Territory

    checked = getattr(_request, "checked", None)
    if checked is not None:
        return checked
    version = Territory.objects.filter(pk=1).values_list("version", flat=True).first() or ""
    current = _process["snapshot"]
    if current is None or current.version != version:
        places = [
            Place(insee, name, postcodes.split(" ", 1)[0], department, lat, lng, key)
            for insee, name, postcodes, department, lat, lng, key in (
                Commune.objects.territory()
                .order_by("name", "insee")
                .values_list(
                    "insee",
                    "name",
                    "postcodes",
                    "department",
                    "latitude",
                    "longitude",
                    "search_key",
                )
            )
        ]
        current = _Snapshot(version, places)
        _process["snapshot"] = current
    if getattr(_request, "active", False):
        _request.checked = current
    return current


def place(name):
    """The Place of a commune of the territory by name (case, accents, hyphens ignored), or None."""
    key = commune_key(name)
    return snapshot().by_key.get(key) if key else None


def commune(name):
    """``{"name", "postcode", "insee", "lat", "lng"}`` of a commune of the territory, or None."""
    found = place(name)
    return found.as_dict() if found else None


def official_name(text):
    """The territory's spelling of ``text`` ("st andre de sangonis" -> "Saint-André-de-Sangonis"),
    or ``text`` itself when it names no commune of the territory."""
    found = place(text) if text else None
    return found.name if found else text


def coordinates(name):
    """(latitude, longitude) of a commune of the territory, or None."""
    found = place(name)
    if found is None or found.lat is None:
        return None
    return found.lat, found.lng


def commune_names():
    """Names of the territory's communes, in alphabetical order."""
    return list(snapshot().names)


def haversine_km(lat1, lng1, lat2, lng2):
    """Great-circle distance in kilometres."""
    lat1, lng1, lat2, lng2 = map(radians, (lat1, lng1, lat2, lng2))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def communes_within(name, radius_km):
    """Names of the territory's communes within ``radius_km`` of ``name``, nearest first (itself too).

    An unknown commune gives just itself, so callers still match exact names.
    """
    current = snapshot()
    origin = current.by_key.get(commune_key(name))
    if origin is None or origin.lat is None:
        return [name] if name else []
    cache_key = (origin.key, radius_km)
    if cache_key not in current.near:
        found = []
        for other in current.places:
            if other.lat is None:
                continue
            distance = haversine_km(origin.lat, origin.lng, other.lat, other.lng)
            if distance <= radius_km:
                found.append((distance, other.name))
        current.near[cache_key] = [n for _distance, n in sorted(found)]
    return list(current.near[cache_key])
