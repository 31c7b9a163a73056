"""CSV export of the directory for the bureau: one row per listed member.

It keeps the promise of the entry form through the same rule as the page, vCard, API and
FHIR (``visibility.visible_contact``): "Masqué" is seen by the member, their delegates and
the bureau, so the bureau's export holds the hidden fields and anyone else allowed to export
gets only what members see.

Opened by French Excel as is: UTF-8 with a BOM, ";" separator. Streamed, and
read from the database in chunks with their relations prefetched, so the
number of queries depends on the number of chunks, not of rows.
"""

import csv

import phonenumbers
from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.utils import timezone

from portal.members.models import User

from .models import Profile
from .visibility import visible_contact

CHUNK_SIZE = 2000
PERMISSION = "members.change_membership"

COLUMNS = [
    "Nom",
    "Prénom",
    "Civilité",
    "Profession",
    "Code profession",
    "RPPS",
    "ADELI",
    "Commune",
    "E-mail du compte",
    "Mobile",
    "E-mail professionnel",
    "MSSanté",
    "Site web",
    "Visites à domicile",
    "Nouveaux patients",
    "Remplacements",
    "Spécialités",
    "Langues",
    "Lieux d'exercice",
    "Fiche confirmée le",
]


class Echo:
    """A file-like object whose ``write`` returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def french_phone(value):
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def cell(value):
    """Keep spreadsheet software from running a cell as a formula (CSV injection)."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def yes_no(value):
    if value is None:
        return "non renseigné"
    return "oui" if value else "non"


def site_text(site):
    place = " ".join(part for part in (site["postcode"], site["commune"]) if part)
    parts = [
        site["name"],
        ", ".join(part for part in (site["address"], place) if part),
        french_phone(site["phone"]),
    ]
    return " — ".join(part for part in parts if part)


def profile_row(data, user_email):
    return [
        data["last_name"],
        data["first_name"],
        data["civility_display"],
        data["profession"],
        data["profession_code"],
        data["rpps"],
        data["adeli"],
        data["commune"],
        user_email,
        french_phone(data["mobile"]),
        data["email"],
        data["mssante"],
        data["website"],
        yes_no(data["home_visits"]),
        yes_no(data["accepts_new_patients"]),
        yes_no(data["available_for_locum"]),
        ", ".join(data["specialties"]),
        ", ".join(data["language_labels"]),
        " / ".join(site_text(site) for site in data["sites"]),
        timezone.localtime(data["confirmed_at"]).strftime("%d/%m/%Y")
        if data["confirmed_at"]
        else "",
    ]


def export_rows(viewer):
    """Header then one list of cells per listed member, as ``viewer`` may see them."""
    yield COLUMNS
    profiles = Profile.objects.listed().with_related().order_by(*User.name_order("user__"), "pk")
    for profile in profiles.iterator(chunk_size=CHUNK_SIZE):
        yield [
            cell(value)
            for value in profile_row(visible_contact(profile, viewer), profile.user.email)
        ]


def stream_csv(rows):
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


@permission_required(PERMISSION, raise_exception=True)
def directory_csv(request):
    """The whole directory as CSV; the bureau sees every value (visibility decided by ``visible_contact``)."""
    viewer = request.viewer
    response = StreamingHttpResponse(
        stream_csv(export_rows(viewer)), content_type="text/csv; charset=utf-8"
    )
    filename = f"annuaire-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
