"""Writes on the communes and the territory: the import of the official list and the bureau's choice.

Both run in one transaction and change nothing when they refuse their input.
"""

import csv
import io
import re
import sys
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from . import territory
from .models import Commune, Territory
from .normalize import commune_key
from .territory import haversine_km

INSEE_RE = re.compile(r"^(\d{2}|2[AB])\d{3}$")

# data.gouv.fr "communes-departement-region.csv" (Etalab), one row per commune and postcode.
DATAGOUV_COLUMNS = ("code_commune_INSEE", "code_postal", "latitude", "longitude")
# La Poste "base officielle des codes postaux" (laposte_hexasmal), ';'-separated.
LAPOSTE_COLUMNS = ("Code_commune_INSEE", "Nom_commune", "Code_postal")


class CommuneFileError(ValueError):
    """The file is not a list of communes we can read; the message is for people (French)."""


def changed():
    """Tell every process that the communes changed (see territory.snapshot)."""
    version = uuid.uuid4().hex
    if not Territory.objects.filter(pk=1).update(version=version):
        Territory.objects.create(pk=1, version=version)
    territory.forget()


def department_of(insee):
    return insee[:3] if insee.startswith("97") else insee[:2]


@dataclass
class ParsedCommune:
    insee: str
    name: str
    department: str
    postcodes: set = field(default_factory=set)
    latitude: float | None = None
    longitude: float | None = None


def _float(value, line):
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise CommuneFileError(
            _("Ligne %(line)s : coordonnée illisible « %(value)s ».")
            % {"line": line, "value": value}
        ) from None


def parse_communes(data, *, departments=None, encoding="utf-8", progress=None):
    """The communes of a data.gouv.fr or La Poste file (bytes), by INSEE code."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise CommuneFileError(
            _(
                "Le fichier n'est pas encodé en %(encoding)s : enregistrez-le en UTF-8 "
                "ou indiquez son encodage (--encoding latin-1)."
            )
            % {"encoding": encoding}
        ) from None
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = reader.fieldnames or []
    if all(c in header for c in DATAGOUV_COLUMNS):
        kind = "datagouv"
    elif all(c in header for c in LAPOSTE_COLUMNS):
        kind = "laposte"
    else:
        raise CommuneFileError(
            _(
                "Ce fichier n'est pas une liste officielle des communes : il faut les colonnes "
                "%(datagouv)s (data.gouv.fr) ou %(laposte)s (La Poste)."
            )
            % {"datagouv": ", ".join(DATAGOUV_COLUMNS), "laposte": ", ".join(LAPOSTE_COLUMNS)}
        )
    wanted = {d.strip().upper().zfill(2) for d in departments or () if d.strip()}
    found = {}
    try:
        for line, row in enumerate(reader, start=2):
            if progress is not None:
                progress.update(1)
            insee = (row.get("code_commune_INSEE") or row.get("Code_commune_INSEE") or "").strip()
            insee = insee.upper().zfill(5)
            if not INSEE_RE.match(insee):
                raise CommuneFileError(
                    _("Ligne %(line)s : code INSEE invalide « %(code)s ».")
                    % {"line": line, "code": insee}
                )
            department = (row.get("code_departement") or "").strip().upper()
            department = department.zfill(2) if department else department_of(insee)
            if wanted and department not in wanted:
                continue
            if kind == "datagouv":
                name = (row.get("nom_commune_complet") or row.get("nom_commune") or "").strip()
                name = name or (row.get("nom_commune_postal") or "").strip().title()
                lat, lng = _float(row.get("latitude"), line), _float(row.get("longitude"), line)
            else:
                # La Poste spells names in capitals without accents: kept only for new communes.
                name = (row.get("Nom_commune") or "").strip().title()
                gps = (row.get("coordonnees_gps") or "").split(",")
                lat, lng = (
                    (_float(gps[0], line), _float(gps[1], line)) if len(gps) == 2 else (None, None)
                )
            if not name:
                raise CommuneFileError(
                    _("Ligne %(line)s : nom de commune absent.") % {"line": line}
                )
            commune = found.setdefault(insee, ParsedCommune(insee, name, department))
            postcode = (row.get("code_postal") or row.get("Code_postal") or "").strip()
            if postcode:
                commune.postcodes.add(postcode.zfill(5))
            if commune.latitude is None and lat is not None and lng is not None:
                commune.latitude, commune.longitude = lat, lng
    except csv.Error as exc:
        raise CommuneFileError(
            _("Ce fichier n'est pas un CSV lisible (%(error)s).") % {"error": exc}
        ) from None
    if not found:
        raise CommuneFileError(
            _("Aucune commune trouvée dans ce fichier pour les départements demandés.")
        )
    return found


@transaction.atomic
def import_communes(data, *, departments=None, encoding="utf-8", stderr=None):
    """Create or update the communes of ``data`` by INSEE code; returns (created, updated).

    Raises CommuneFileError (nothing written) when the file is not a commune list.
    """
    progress_file = stderr or sys.stderr
    with tqdm(desc=_("Lecture"), unit=" lignes", file=progress_file, disable=None) as progress:
        parsed = parse_communes(data, departments=departments, encoding=encoding, progress=progress)
    territory = Territory.objects.filter(pk=1).first()
    existing = {c.insee: c for c in Commune.objects.filter(insee__in=list(parsed))}
    to_create, to_update = [], []
    now = timezone.now()
    for item in tqdm(
        parsed.values(), desc=_("Communes"), unit=" communes", file=progress_file, disable=None
    ):
        postcodes = " ".join(sorted(item.postcodes))
        commune = existing.get(item.insee)
        if commune is None:
            to_create.append(
                Commune(
                    insee=item.insee,
                    name=item.name,
                    department=item.department,
                    postcodes=postcodes,
                    latitude=item.latitude,
                    longitude=item.longitude,
                    search_key=commune_key(item.name),
                    # Until the bureau chooses, every imported commune is in the territory.
                    in_territory=territory is None or territory.mode == Territory.Mode.ALL,
                    updated_at=now,
                )
            )
            continue
        values = {
            "department": item.department,
            "postcodes": postcodes or commune.postcodes,
            "latitude": item.latitude if item.latitude is not None else commune.latitude,
            "longitude": item.longitude if item.longitude is not None else commune.longitude,
        }
        if item.name and item.name != item.name.upper():  # La Poste's capitals keep our spelling
            values["name"] = item.name
        if any(getattr(commune, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(commune, k, v)
            commune.search_key = commune_key(commune.name)
            commune.updated_at = now
            to_update.append(commune)
    Commune.objects.bulk_create(to_create, batch_size=1000)
    Commune.objects.bulk_update(
        to_update,
        ["name", "department", "postcodes", "latitude", "longitude", "search_key", "updated_at"],
        batch_size=1000,
    )
    if territory is not None and territory.mode != Territory.Mode.ALL:
        apply_territory(territory)
    changed()
    return len(to_create), len(to_update)


def _within(centre, radius_km):
    """INSEE codes of the communes with coordinates within ``radius_km`` of ``centre``."""
    return [
        insee
        for insee, lat, lng in Commune.objects.filter(latitude__isnull=False).values_list(
            "insee", "latitude", "longitude"
        )
        if haversine_km(centre.latitude, centre.longitude, lat, lng) <= radius_km
    ]


def apply_territory(territory):
    """Set ``in_territory`` on every commune from the bureau's choice (a list stays as chosen)."""
    communes = Commune.objects.all()
    if territory.mode == Territory.Mode.ALL:
        communes.update(in_territory=True)
    elif territory.mode == Territory.Mode.DEPARTMENTS:
        chosen = territory.department_list
        communes.filter(department__in=chosen).update(in_territory=True)
        communes.exclude(department__in=chosen).update(in_territory=False)
    elif territory.mode == Territory.Mode.RADIUS and territory.centre is not None:
        inside = _within(territory.centre, territory.radius_km or 0)
        communes.filter(insee__in=inside).update(in_territory=True)
        communes.exclude(insee__in=inside).update(in_territory=False)


@transaction.atomic
def set_territory(mode, *, departments=(), communes=(), centre=None, radius_km=None, by=None):
    """The bureau's choice: all communes, some departments, a list, or a radius around a commune.

    Raises ValidationError (French) and changes nothing when the choice would leave no commune.
    """
    if mode not in Territory.Mode.values:
        raise ValidationError(_("Mode de territoire inconnu."))
    territory = Territory.objects.select_for_update().filter(pk=1).first() or Territory(pk=1)
    territory.mode = mode
    territory.updated_by = by
    territory.departments = ""
    territory.centre = None
    territory.radius_km = None
    if mode == Territory.Mode.DEPARTMENTS:
        codes = sorted({d.strip().upper().zfill(2) for d in departments if d.strip()})
        known = set(
            Commune.objects.filter(department__in=codes).values_list("department", flat=True)
        )
        unknown = [code for code in codes if code not in known]
        if not codes or unknown:
            raise ValidationError(
                _("Aucune commune importée pour le(s) département(s) : %(codes)s.")
                % {"codes": ", ".join(unknown) or "—"}
            )
        territory.departments = " ".join(codes)
    elif mode == Territory.Mode.LIST:
        chosen = [c.pk if isinstance(c, Commune) else c for c in communes]
        if not chosen:
            raise ValidationError(_("Choisissez au moins une commune."))
    elif mode == Territory.Mode.RADIUS:
        if centre is None or centre.latitude is None:
            raise ValidationError(_("Choisissez une commune centre dont la position est connue."))
        if not radius_km or radius_km <= 0:
            raise ValidationError(_("Indiquez un rayon en kilomètres."))
        territory.centre, territory.radius_km = centre, radius_km
    territory.save()
    if mode == Territory.Mode.LIST:
        Commune.objects.filter(pk__in=chosen).update(in_territory=True)
        Commune.objects.exclude(pk__in=chosen).update(in_territory=False)
    else:
        apply_territory(territory)
    changed()
    return territory


def load_bundled_communes(stderr=None):
    """Import the communes shipped with the project (Hérault); returns (created, updated)."""
    return import_communes(territory.BUNDLED_FILE.read_bytes(), stderr=stderr)


def setup_territory(stdout=None):
    """Idempotent: load the shipped communes when the table is empty.

    Until the bureau chooses, every imported commune is in the territory.
    """
    if Commune.objects.exists():
        if stdout is not None:
            stdout.write("Territoire : communes déjà importées.\n")
        return 0
    created, _updated = load_bundled_communes()
    if stdout is not None:
        stdout.write(f"Territoire : {created} communes de l'Hérault importées.\n")
    return created


def _on_commune_write(**kwargs):
    changed()


def connect_signals():
    """Any write on the communes, from whatever process, changes the territory's version."""
    post_save.connect(_on_commune_write, sender=Commune, dispatch_uid="territory-commune-saved")
    post_delete.connect(_on_commune_write, sender=Commune, dispatch_uid="territory-commune-deleted")
