"""vCard 4.0 (RFC 6350) of a directory entry, written by vobject.

vobject (py-vobject, maintained) escapes text and structured values and folds lines at
75 octets without cutting a UTF-8 character; its vCard support is written for 3.0, so
what differs in 4.0 is set here explicitly: ``VERSION:4.0``, ``TEL`` as a ``tel:`` URI
(``VALUE=uri``), lower-case ``TYPE`` values, ``PREF``, ``KIND``, ``LANG``.

Only a :func:`directory.visibility.visible_contact` dict goes in, so a hidden value never
appears. ``UID`` is derived from the entry's address on this site (stable from one download
to the next, so address books update the contact instead of duplicating it), ``REV`` is
the entry's last change. An MSSanté address is an ``EMAIL`` whose ``TYPE`` carries the
extension value ``x-mssante`` (RFC 6350 §5.6 allows x-names there; no registered type
exists for secure health messaging).
"""

import uuid
from datetime import UTC

import vobject
from django.conf import settings

PRODID = "-//Maillage//Annuaire des adhérents//FR"
# Our language codes that are not BCP 47 tags (LANG takes a language tag).
BCP47 = {"lsf": "fsl"}


def entry_uid(profile_id):
    """``urn:uuid:`` derived from the entry's URL on this site: the same on every download."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/annuaire/{profile_id}/").urn


def _add(card, name, content, **params):
    prop = card.add(name)
    prop.value = content
    for key, values in params.items():
        prop.params[key.upper()] = list(values)
    return prop


def _tel(number):
    return "tel:" + str(number).replace(" ", "")


def build_vcard(data):
    """The vCard 4.0 text (CRLF lines, folded at 75 octets) of a ``visible_contact`` dict."""
    card = vobject.vCard()
    _add(card, "version", "4.0")
    _add(card, "prodid", PRODID)
    _add(card, "uid", entry_uid(data["id"]))
    _add(card, "kind", "individual")
    _add(card, "fn", data["name"])
    _add(
        card,
        "n",
        vobject.vcard.Name(
            family=data["last_name"],
            given=data["first_name"],
            prefix=data["civility_display"],
        ),
    )
    if data["profession"]:
        _add(card, "title", data["profession"])
    if data["mobile"]:
        _add(card, "tel", _tel(data["mobile"]), type=["cell", "voice"], value=["uri"])
    for site in data["sites"]:
        if site["phone"]:
            _add(card, "tel", _tel(site["phone"]), type=["work", "voice"], value=["uri"])
        _add(
            card,
            "adr",
            vobject.vcard.Address(
                extended=site["name"],
                street=site["address"],
                city=site["commune"],
                code=site["postcode"],
                country="France",
            ),
            type=["work"],
        )
    if data["mssante"]:
        _add(card, "email", data["mssante"], type=["work", "x-mssante"], pref=["1"])
    if data["email"]:
        _add(card, "email", data["email"], type=["work"])
    if data["website"]:
        _add(card, "url", data["website"], type=["work"])
    for position, code in enumerate(data["languages"], start=1):
        _add(card, "lang", BCP47.get(code, code), pref=[str(position)])
    if data["specialties"]:
        _add(card, "note", ", ".join(data["specialties"]))
    if data["updated_at"]:
        _add(card, "rev", data["updated_at"].astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    return card.serialize()
