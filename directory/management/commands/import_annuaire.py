"""Check the directory against the national register (RPPS public extract or FHIR Bundle).

    python manage.py import_annuaire PS_LibreAcces_Personne_activite.txt [--dry-run]
    python manage.py import_annuaire annuaire-sante.json [--dry-run]

Reads the pipe-separated "PS_LibreAcces_Personne_activite" file (header row,
one line per activity, several GB in real life) line by line, never holding it
in memory; or a FHIR Bundle of Practitioner, PractitionerRole and Organization
as the national directory's API serves it (directory.register reads both). For each approved member found by RPPS (or ADELI), it pre-fills the
official practice address on the member's first practice site, and it lists
the members whose number no longer appears in the file.

The models have no "comes from the register" flag: a site filled from the
register carries a note line starting with REGISTER_NOTE in its practical
information. A first site whose address the member typed is left alone.
"""

import io
import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from directory import register
from directory.geo import coordinates
from directory.models import PracticeSite, Profile
from portal.members.models import Membership

REGISTER_NOTE = "Adresse issue du répertoire national RPPS"


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
            for key, read_activity in self._activities(handle, progress):
                lines += 1
                membership = members.get(key)
                if membership is None:
                    continue
                activity = read_activity()
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
            key=lambda m: (*m.user.name_sort_key, m.pk),
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

    def _activities(self, handle, progress):
        """(member key, activity) for each activity of the file, whichever of the two forms."""
        first = handle.readline()
        progress.update(len(first))
        if register.is_fhir(first):
            rest = handle.read()
            progress.update(len(rest))
            try:
                bundle = register.read_bundle(io.BytesIO(first + rest))
                for key, activity in register.bundle_activities(bundle):
                    yield key, (lambda found=activity: found)
            except ValueError as exc:
                raise CommandError(f"Ce fichier FHIR ne peut pas être lu : {exc}.") from exc
            return
        header = register.split_line(first)
        missing = [name for name in register.REQUIRED if name not in header]
        if missing:
            raise CommandError(
                "Ce fichier n'est ni une extraction PS_LibreAcces_Personne_activite ni un Bundle "
                "FHIR : colonnes absentes : " + ", ".join(missing)
            )
        for raw in handle:
            progress.update(len(raw))
            row = dict(zip(header, register.split_line(raw), strict=False))
            key = register.member_key(row)
            # Addresses are worked out for members only: most of the file is other people.
            yield key, (lambda row=row: register.activity_address(row))

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
