"""Check the directory against the national register (RPPS public extract).

    python manage.py import_annuaire PS_LibreAcces_Personne_activite.txt [--dry-run]

Reads the pipe-separated "PS_LibreAcces_Personne_activite" file (header row,
one line per activity, several GB in real life) line by line, never holding it
in memory. For each approved member found by RPPS (or ADELI), it pre-fills the
official practice address on the member's first practice site, and it lists
the members whose number no longer appears in the file.

The models have no "comes from the register" flag: a site filled from the
register carries a note line starting with REGISTER_NOTE in its practical
information. A first site whose address the member typed is left alone.
"""

import csv
import os
import sys

import phonenumbers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from directory.geo import coordinates
from directory.models import PracticeSite, Profile
from portal.members.models import Membership
from portal.members.territory import place

REGISTER_NOTE = "Adresse issue du répertoire national RPPS"

COL_ID_TYPE = "Type d'identifiant PP"
COL_ID = "Identifiant PP"
COL_NATIONAL_ID = "Identification nationale PP"
COL_MODE = "Code mode exercice"
COL_NAME = "Raison sociale site"
COL_SIGN = "Enseigne commerciale site"
COL_NUMBER = "Numéro Voie (coord. structure)"
COL_REPEAT = "Indice répétition voie (coord. structure)"
COL_STREET_TYPE = "Libellé type de voie (coord. structure)"
COL_STREET = "Libellé Voie (coord. structure)"
COL_POSTCODE = "Code postal (coord. structure)"
COL_COMMUNE = "Libellé commune (coord. structure)"
COL_PHONE = "Téléphone (coord. structure)"
REQUIRED = (COL_NATIONAL_ID, COL_POSTCODE, COL_COMMUNE, COL_STREET)


def commune_name(raw):
    """The territory's spelling of a commune the register writes in capitals ("CLERMONT L HERAULT")."""
    known = place(raw)
    return known.name if known else raw.strip().title()


def member_key(row):
    """("rpps", number) or ("adeli", number) for one activity line."""
    national = (row.get(COL_NATIONAL_ID) or "").strip()
    kind = (row.get(COL_ID_TYPE) or "").strip()
    number = (row.get(COL_ID) or "").strip()
    if not number and national:
        kind, number = national[0], national[1:]
    if kind == "8" and len(number) == 11:
        return ("rpps", number)
    if kind == "0" and len(number) == 9:
        return ("adeli", number)
    return None


def activity_address(row):
    street = " ".join(
        part
        for part in (
            (row.get(COL_NUMBER) or "").strip() + (row.get(COL_REPEAT) or "").strip(),
            (row.get(COL_STREET_TYPE) or "").strip().lower(),
            (row.get(COL_STREET) or "").strip().title(),
        )
        if part
    )
    phone = ""
    raw_phone = (row.get(COL_PHONE) or "").strip()
    if raw_phone:
        try:
            number = phonenumbers.parse(raw_phone, "FR")
            if phonenumbers.is_valid_number(number):
                phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            phone = ""
    return {
        "address": street[:255],
        "postcode": (row.get(COL_POSTCODE) or "").strip()[:5],
        "commune": commune_name(row.get(COL_COMMUNE) or ""),
        "phone": phone,
        "name": ((row.get(COL_SIGN) or "").strip() or (row.get(COL_NAME) or "").strip()).title()[
            :150
        ],
        "liberal": (row.get(COL_MODE) or "").strip() == "L",
    }


class Command(BaseCommand):
    help = "Rapproche l'annuaire du répertoire national (extraction PS_LibreAcces, séparateur |)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier PS_LibreAcces_Personne_activite (.txt)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Tout lire et signaler, ne rien enregistrer."
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            size = os.path.getsize(path)
            handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
        except OSError as exc:
            raise CommandError(f"Impossible de lire le fichier : {exc}") from exc

        members = {}
        for membership in Membership.objects.approved().select_related("user"):
            if membership.rpps:
                members[("rpps", membership.rpps)] = membership
            if membership.adeli:
                members[("adeli", membership.adeli)] = membership

        found = {}  # membership pk -> best activity address
        lines = 0
        progress = tqdm(
            total=size, unit="o", unit_scale=True, desc="Lecture", file=sys.stderr, disable=None
        )
        try:
            raw_header = handle.readline()
            progress.update(len(raw_header))
            header = self._split(raw_header)
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                raise CommandError(
                    "Ce fichier n'est pas une extraction PS_LibreAcces_Personne_activite : colonnes absentes : "
                    + ", ".join(missing)
                )
            for raw in handle:
                progress.update(len(raw))
                lines += 1
                values = self._split(raw)
                row = dict(zip(header, values, strict=False))
                key = member_key(row)
                membership = members.get(key) if key else None
                if membership is None:
                    continue
                activity = activity_address(row)
                best = found.get(membership.pk)
                # Prefer a liberal activity with an address; otherwise the first one with an address.
                better = (
                    activity["address"]
                    and (not best["address"] or (activity["liberal"] and not best["liberal"]))
                    if best
                    else True
                )
                if better:
                    found[membership.pk] = activity
        finally:
            progress.close()
            handle.close()

        updated, kept = [], []
        by_pk = {m.pk: m for m in members.values()}
        with transaction.atomic():
            for pk, activity in found.items():
                membership = by_pk[pk]
                if not activity["commune"]:
                    continue
                if self.apply(membership, activity):
                    updated.append(membership)
                else:
                    kept.append(membership)
            if options["dry_run"]:
                transaction.set_rollback(True)

        missing_members = sorted(
            (membership for pk, membership in by_pk.items() if pk not in found),
            key=lambda m: (m.user.last_name, m.user.first_name, m.pk),
        )
        self.stdout.write(
            f"{lines} ligne(s) lue(s) ; {len(found)} adhérent(s) retrouvé(s) dans le répertoire ; "
            f"{len(updated)} adresse(s) d'exercice pré-remplie(s) ; "
            f"{len(kept)} adresse(s) saisie(s) par l'adhérent conservée(s)."
        )
        if missing_members:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(missing_members)} adhérent(s) dont le numéro n'apparaît plus dans le répertoire "
                    "(plus en activité ?) :"
                )
            )
            for membership in missing_members:
                label = (
                    f"RPPS {membership.rpps}" if membership.rpps else f"ADELI {membership.adeli}"
                )
                self.stdout.write(
                    f"  - {membership.user.get_full_name()} <{membership.user.email}> ({label})"
                )
        if options["dry_run"]:
            self.stdout.write("Simulation (--dry-run) : rien n'a été enregistré.")

    @staticmethod
    def _split(raw):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        # The file has no quoting; every line ends with a trailing "|".
        return next(csv.reader([text.rstrip("\r\n")], delimiter="|", quoting=csv.QUOTE_NONE), [])

    def apply(self, membership, activity):
        """Write the register's address on the member's first site; False if the member's own is kept."""
        profile, _created = Profile.objects.get_or_create(user=membership.user)
        site = profile.sites.order_by("position", "pk").first()
        note = f"{REGISTER_NOTE} (mise à jour le {timezone.localdate():%d/%m/%Y})."
        if site is not None and site.address and not site.opening_notes.startswith(REGISTER_NOTE):
            return False
        if site is None:
            site = PracticeSite(profile=profile, position=0)
        if site.commune != activity["commune"] or site.address != activity["address"]:
            site.latitude, site.longitude = coordinates(activity["commune"]) or (None, None)
        site.address = activity["address"]
        site.postcode = activity["postcode"]
        site.commune = activity["commune"]
        if activity["name"] and not site.name:
            site.name = activity["name"]
        if activity["phone"] and not site.phone:
            site.phone = activity["phone"]
        other_notes = [
            line for line in site.opening_notes.splitlines() if not line.startswith(REGISTER_NOTE)
        ]
        site.opening_notes = "\n".join([note, *other_notes]).strip()
        site.save()
        return True
