"""Import an existing member list (CSV) as approved memberships with their directory entries.

    python manage.py import_members membres.csv [--dry-run] [--skip-invalid]

Columns (header row; ";" or "," separated; UTF-8, with or without BOM, or
Windows-1252 as saved by French Excel): email, prenom, nom, profession (code of
the national nomenclature, slug or name), rpps, adeli, commune, and optionally
civilite, telephone (practice), mobile, mssante, site_web, cabinet, adresse,
code_postal.

Idempotent: a row whose RPPS or ADELI number is already known updates that
member instead of creating one. Every row is checked first; if any is refused,
nothing is imported (unless --skip-invalid) and each refusal is listed with
its reason. --dry-run does everything inside a transaction it then rolls back.
"""

import csv
import io
import re
import sys
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from directory.geo import coordinates
from directory.models import PracticeSite, Profile, validate_mssante
from portal.members import services
from portal.members.models import Membership, Profession, User
from portal.members.validators import normalize_number, validate_adeli, validate_rpps

ALIASES = {
    "e_mail": "email",
    "mail": "email",
    "courriel": "email",
    "adresse_e_mail": "email",
    "prenom_d_exercice": "prenom",
    "first_name": "prenom",
    "nom_d_exercice": "nom",
    "last_name": "nom",
    "code_profession": "profession",
    "numero_rpps": "rpps",
    "numero_adeli": "adeli",
    "ville": "commune",
    "tel": "telephone",
    "telephone_cabinet": "telephone",
    "portable": "mobile",
    "telephone_mobile": "mobile",
    "mss": "mssante",
    "site": "site_web",
    "site_internet": "site_web",
    "website": "site_web",
    "cp": "code_postal",
    "lieu_d_exercice": "cabinet",
}
REQUIRED = ("email", "prenom", "nom", "profession", "commune")
CIVILITIES = {
    "dr": "dr",
    "docteur": "dr",
    "mme": "mme",
    "madame": "mme",
    "m": "m",
    "m.": "m",
    "monsieur": "m",
}


def column_key(name):
    """ "Prénom" -> "prenom", "Code postal" -> "code_postal", "E-mail" -> "email"."""
    text = (
        unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower().strip()
    )
    key = re.sub(r"[^a-z0-9.]+", "_", text).strip("_")
    return ALIASES.get(key, key)


def decode(raw):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def parse_phone(value):
    """E.164 string of a French (or international) number, or raise ValueError."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(value) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Row:
    line: int
    email: str
    first_name: str
    last_name: str
    profession: Profession
    commune: str
    rpps: str | None = None
    adeli: str | None = None
    membership: Membership | None = None
    profile: dict = field(default_factory=dict)
    site: dict = field(default_factory=dict)


class Rejected(Exception):
    pass


class Command(BaseCommand):
    help = "Importe une liste d'adhérents (CSV) : adhésions approuvées et fiches d'annuaire."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV (séparateur ; ou ,)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Tout vérifier et simuler, ne rien enregistrer."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Importer les lignes valides même si d'autres sont refusées.",
        )

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as handle:
                text = decode(handle.read())
        except OSError as exc:
            raise CommandError(f"Impossible de lire le fichier : {exc}") from exc
        first_line = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first_line.count)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        if not reader.fieldnames:
            raise CommandError("Le fichier est vide.")
        columns = [column_key(name) for name in reader.fieldnames]
        missing = [name for name in REQUIRED if name not in columns]
        if "rpps" not in columns and "adeli" not in columns:
            missing.append("rpps ou adeli")
        if missing:
            raise CommandError("Colonnes manquantes : " + ", ".join(missing) + ".")
        reader.fieldnames = columns

        professions = {}
        for profession in Profession.objects.all():
            for key in (
                profession.code,
                profession.slug,
                profession.name.lower(),
                profession.plural.lower(),
            ):
                professions[key] = profession

        rows, rejected, seen = [], [], {}
        for record in tqdm(
            reader, desc="Vérification", unit=" lignes", file=sys.stderr, disable=None
        ):
            line = reader.line_num
            try:
                row = self.check(record, line, professions, seen)
            except Rejected as exc:
                rejected.append((line, str(exc)))
                continue
            rows.append(row)

        for line, reason in rejected:
            self.stdout.write(f"Ligne {line} refusée : {reason}")
        if rejected and not options["skip_invalid"]:
            raise CommandError(
                f"Import annulé : {len(rejected)} ligne(s) refusée(s), rien n'a été importé. "
                "Corrigez le fichier, ou relancez avec --skip-invalid pour importer les lignes valides."
            )

        created = updated = 0
        with transaction.atomic():
            for row in tqdm(rows, desc="Import", unit=" adhérents", file=sys.stderr, disable=None):
                if self.save(row):
                    created += 1
                else:
                    updated += 1
            if options["dry_run"]:
                transaction.set_rollback(True)

        summary = (
            f"{len(rows) + len(rejected)} ligne(s) lue(s) : {created} adhérent(s) créé(s), "
            f"{updated} mis à jour, {len(rejected)} refusée(s)."
        )
        if options["dry_run"]:
            summary += " Simulation (--dry-run) : rien n'a été enregistré."
        self.stdout.write(self.style.SUCCESS(summary))

    # --- Row checks -------------------------------------------------------------

    def check(self, record, line, professions, seen):
        """A validated :class:`Row`, or :class:`Rejected` with the reason in French."""
        value = {key: (text or "").strip() for key, text in record.items() if key}
        for name in REQUIRED:
            if not value.get(name):
                raise Rejected(f"la colonne « {name} » est vide.")
        email = value["email"].lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Rejected(f"adresse e-mail invalide ({value['email']}).") from exc
        profession = professions.get(value["profession"].lower())
        if profession is None:
            raise Rejected(
                f"profession inconnue ({value['profession']}) : indiquez son code, par exemple 60."
            )

        rpps = normalize_number(value.get("rpps")) or None
        adeli = normalize_number(value.get("adeli")) or None
        for number, validator, label in (
            (rpps, validate_rpps, "RPPS"),
            (adeli, validate_adeli, "ADELI"),
        ):
            if number:
                try:
                    validator(number)
                except ValidationError as exc:
                    raise Rejected(f"numéro {label} {number} : {' '.join(exc.messages)}") from exc
        if not rpps and not adeli:
            raise Rejected("il faut un numéro RPPS ou ADELI.")
        if not rpps and profession.register == Profession.Register.RPPS:
            raise Rejected(f"le numéro RPPS est obligatoire pour la profession {profession.name}.")

        for key, label in ((rpps, "RPPS"), (adeli, "ADELI"), (email, "e-mail")):
            if key and (label, key) in seen:
                raise Rejected(
                    f"{label} {key} déjà présent à la ligne {seen[(label, key)]} du fichier."
                )
        for key, label in ((rpps, "RPPS"), (adeli, "ADELI"), (email, "e-mail")):
            if key:
                seen[(label, key)] = line

        matches = list(
            Membership.objects.select_related("user").filter(
                (Q(rpps=rpps) if rpps else Q(pk__in=[]))
                | (Q(adeli=adeli) if adeli else Q(pk__in=[]))
            )
        )
        if len(matches) > 1:
            raise Rejected(
                f"le RPPS {rpps} et l'ADELI {adeli} correspondent à deux adhérents différents."
            )
        membership = matches[0] if matches else None
        owner = User.objects.filter(email__iexact=email).first()
        if membership is not None:
            if membership.user.email.lower() != email:
                raise Rejected(
                    f"le numéro {membership.number} appartient déjà au compte {membership.user.email}, "
                    f"pas à {email}."
                )
            conflict = Membership.objects.exclude(pk=membership.pk).filter(
                (Q(rpps=rpps) if rpps and not membership.rpps else Q(pk__in=[]))
                | (Q(adeli=adeli) if adeli and not membership.adeli else Q(pk__in=[]))
            )
            if conflict.exists():
                raise Rejected("ce numéro est déjà enregistré pour un autre adhérent.")
        elif owner is not None and hasattr(owner, "membership"):
            raise Rejected(
                f"l'adresse {email} est déjà celle d'un adhérent avec un autre numéro ({owner.membership.number})."
            )

        row = Row(
            line=line,
            email=email,
            first_name=value["prenom"],
            last_name=value["nom"],
            profession=profession,
            commune=value["commune"],
            rpps=rpps,
            adeli=adeli,
            membership=membership,
        )
        civility = value.get("civilite", "").lower()
        if civility:
            if civility not in CIVILITIES:
                raise Rejected(f"civilité inconnue ({value['civilite']}) : Dr, Mme ou M.")
            row.profile["civility"] = CIVILITIES[civility]
        for key, target, label in (
            ("mobile", row.profile, "mobile"),
            ("telephone", row.site, "téléphone"),
        ):
            if value.get(key):
                try:
                    target["mobile" if key == "mobile" else "phone"] = parse_phone(value[key])
                except ValueError as exc:
                    raise Rejected(f"numéro de {label} invalide ({value[key]}).") from exc
        if value.get("mssante"):
            try:
                validate_email(value["mssante"])
                validate_mssante(value["mssante"])
            except ValidationError as exc:
                raise Rejected(
                    f"adresse MSSanté invalide ({value['mssante']}) : {' '.join(exc.messages)}"
                ) from exc
            row.profile["mssante"] = value["mssante"].lower()
        if value.get("site_web"):
            try:
                URLValidator(schemes=["http", "https"])(value["site_web"])
            except ValidationError as exc:
                raise Rejected(
                    f"adresse de site web invalide ({value['site_web']}) : mettez https://…"
                ) from exc
            row.profile["website"] = value["site_web"]
        if value.get("code_postal"):
            if not re.fullmatch(r"\d{5}|2[AB]\d{3}", value["code_postal"]):
                raise Rejected(f"code postal invalide ({value['code_postal']}) : 5 chiffres.")
            row.site["postcode"] = value["code_postal"]
        if value.get("adresse"):
            row.site["address"] = value["adresse"][:255]
        if value.get("cabinet"):
            row.site["name"] = value["cabinet"][:150]
        return row

    # --- Writes -------------------------------------------------------------------

    def save(self, row):
        """Create or update one member; True when the member was created."""
        membership = row.membership
        created = membership is None
        if created:
            user = User.objects.filter(email__iexact=row.email).first()
            if user is None:
                user = User(
                    email=row.email,
                    username=row.email,
                    first_name=row.first_name,
                    last_name=row.last_name,
                )
                # No password: the member sets one through "mot de passe oublié".
                user.set_unusable_password()
                user.save()
                EmailAddress.objects.get_or_create(
                    user=user, email=row.email, defaults={"primary": True, "verified": False}
                )
            membership = services.apply(
                user, profession=row.profession, commune=row.commune, rpps=row.rpps, adeli=row.adeli
            )
            services.approve(membership, notify=False)
        else:
            user = membership.user
            user.first_name, user.last_name = row.first_name, row.last_name
            user.save(update_fields=["first_name", "last_name"])
            membership.commune = row.commune
            membership.rpps = membership.rpps or row.rpps
            membership.adeli = membership.adeli or row.adeli
            profession_changed = membership.profession_id != row.profession.pk
            membership.profession = row.profession
            membership.save(update_fields=["commune", "rpps", "adeli", "profession"])
            if profession_changed:
                services.sync_groups(membership)

        # The approval signal creates the entry; an import only fills values, it never erases one.
        profile, _created = Profile.objects.get_or_create(user=user)
        if row.profile:
            for name, value in row.profile.items():
                setattr(profile, name, value)
            profile.save()
        site = profile.sites.order_by("position", "pk").first()
        if site is None:
            site = PracticeSite(profile=profile, commune=row.commune)
        if row.site or site.pk is None or site.commune != row.commune:
            if site.commune != row.commune:
                site.commune = row.commune
                site.latitude, site.longitude = coordinates(row.commune) or (None, None)
            for name, value in row.site.items():
                setattr(site, name, value)
            site.save()
        return created
