"""Reading the national register (RPPS) in its two public forms, for ``import_annuaire``.

- the pipe-separated extract "PS_LibreAcces_Personne_activite" (56 columns, one line per
  activity): :func:`extract_activities`;
- the national directory's FHIR format, a Bundle of ``Practitioner`` and ``PractitionerRole``
  (with their ``Organization``), as the ANS "Annuaire Santé" API serves it:
  :func:`bundle_activities`.

Both yield ``(member key, activity)`` where the key is ``("rpps", number)`` or
``("adeli", number)`` and the activity a dict: address, postcode, commune, phone, name,
liberal. Nothing here touches the database.
"""

import csv
import json
import re

import phonenumbers

from portal.members.territory import place, snapshot

COL_ID_TYPE = "Type d'identifiant PP"
COL_ID = "Identifiant PP"
COL_NATIONAL_ID = "Identification nationale PP"
COL_MODE = "Code mode exercice"
COL_NAME = "Raison sociale site"
COL_SIGN = "Enseigne commerciale site"
COL_RECIPIENT = "Complément destinataire (coord. structure)"
COL_GEO = "Complément point géographique (coord. structure)"
COL_NUMBER = "Numéro Voie (coord. structure)"
COL_REPEAT = "Indice répétition voie (coord. structure)"
COL_STREET_TYPE_CODE = "Code type de voie (coord. structure)"
COL_STREET_TYPE = "Libellé type de voie (coord. structure)"
COL_STREET = "Libellé Voie (coord. structure)"
COL_DISTRIBUTION = "Mention distribution (coord. structure)"
COL_CEDEX = "Bureau cedex (coord. structure)"
COL_POSTCODE = "Code postal (coord. structure)"
COL_INSEE = "Code commune (coord. structure)"
COL_COMMUNE = "Libellé commune (coord. structure)"
COL_PHONE = "Téléphone (coord. structure)"
REQUIRED = (COL_NATIONAL_ID, COL_POSTCODE, COL_COMMUNE, COL_STREET)

IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1"
RPPS_SYSTEMS = {"https://rpps.esante.gouv.fr", "http://rpps.fr"}
INSEE_EXTENSION = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code"
MODE_SYSTEM_PART = "TRE_R23-ModeExercice"

# "Indice de répétition" codes of the register: 11 B is "11 bis", never "11B".
REPETITION = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}
# Words written in lower case inside a French street or commune name.
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au", "à"}


def french_case(text, *, street=False):
    """ "LE CAYLAR" -> "Le Caylar"; a street name (after its type) keeps its first small word
    small: "DU DOCTEUR ROUX" -> "du Docteur Roux", "DE L HOPITAL" -> "de l'Hopital"."""
    words = re.split(r"\s+", (text or "").strip().lower())
    out = []
    for index, word in enumerate(words):
        if not word:
            continue
        if word in ("l", "d") and index + 1 < len(words):
            out.append(word + "'")  # the register writes "L HERAULT" for "l'Hérault"
            continue
        parts = re.split(r"([-'’])", word)
        cased = ""
        for position, part in enumerate(parts):
            very_first = not out and position == 0 and not street
            elided = part in ("d", "l") and position + 1 < len(parts)
            if part in "-'’" or ((part in SMALL_WORDS or elided) and not very_first):
                cased += part
            else:
                cased += part[:1].upper() + part[1:]
        out.append(cased)
    return " ".join(out).replace("' ", "'")


def commune_name(raw):
    """The territory's spelling of a commune the register writes in capitals."""
    known = place(raw)
    return known.name if known else french_case(raw)


def _insee_place(code):
    code = (code or "").strip().upper()
    if not code:
        return None
    return next((p for p in snapshot().places if p.insee == code), None)


def cedex_commune(raw):
    """ "34800 CLERMONT L HERAULT CEDEX 2" -> ("34800", "CLERMONT L HERAULT")."""
    match = re.match(r"^\s*(\d[\dAB]\d{3})?\s*(.*?)(\s+CEDEX(\s+\d+)?)?\s*$", raw or "", re.I)
    if not match:
        return "", ""
    return (match.group(1) or ""), match.group(2).strip()


def _phone(raw):
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def locate(postcode, commune, insee=""):
    """(postcode, commune) as the territory writes them: INSEE code first, then the name."""
    known = _insee_place(insee)
    if known:
        return postcode or known.postcode, known.name
    return postcode, commune_name(commune) if commune else ""


# --- The pipe-separated extract ------------------------------------------------------


def split_line(raw):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    # The file has no quoting; every line ends with a trailing "|".
    return next(csv.reader([text.rstrip("\r\n")], delimiter="|", quoting=csv.QUOTE_NONE), [])


def member_key(row):
    """("rpps", number) or ("adeli", number) for one activity line."""
    national = (row.get(COL_NATIONAL_ID) or "").strip()
    kind = (row.get(COL_ID_TYPE) or "").strip()
    number = (row.get(COL_ID) or "").strip()
    if not number and national:
        kind, number = national[0], national[1:]
    return _key(kind, number)


def _key(kind, number):
    if kind == "8" and len(number) == 11 and number.isdigit():
        return ("rpps", number)
    if kind == "0" and len(number) == 9 and number.isdigit():
        return ("adeli", number)
    return None


def activity_address(row):
    def col(name):
        return (row.get(name) or "").strip()

    repeat = col(COL_REPEAT)
    number = " ".join(
        p for p in (col(COL_NUMBER), REPETITION.get(repeat.upper(), repeat.lower())) if p
    )
    street_type = (col(COL_STREET_TYPE) or col(COL_STREET_TYPE_CODE)).lower()
    street = " ".join(
        p
        for p in (number, street_type, french_case(col(COL_STREET), street=bool(street_type)))
        if p
    )
    complements = [french_case(col(COL_GEO)), col(COL_DISTRIBUTION).upper()]
    address = ", ".join(p for p in (street, *complements) if p)
    postcode, commune = col(COL_POSTCODE), col(COL_COMMUNE)
    if not commune:
        # Some lines name the commune only in the "Bureau cedex" column ("34800 LODEVE CEDEX").
        cedex_postcode, commune = cedex_commune(col(COL_CEDEX))
        postcode = postcode or cedex_postcode
    postcode, commune = locate(postcode, commune, col(COL_INSEE))
    name = french_case(col(COL_SIGN) or col(COL_NAME) or col(COL_RECIPIENT))
    return {
        "address": address[:255],
        "postcode": postcode[:5],
        "commune": commune,
        "phone": _phone(col(COL_PHONE)),
        "name": (name[:1].upper() + name[1:])[:150],
        "liberal": col(COL_MODE) == "L",
    }


def extract_activities(rows):
    for row in rows:
        key = member_key(row)
        if key:
            yield key, activity_address(row)


# --- The national directory's FHIR format ---------------------------------------------------


def is_fhir(first_bytes):
    return first_bytes.lstrip()[:1] == b"{"


def _practitioner_key(practitioner):
    for identifier in practitioner.get("identifier", []):
        system, value = identifier.get("system"), (identifier.get("value") or "").strip()
        if system == IDNPS_SYSTEM and value:
            key = _key(value[0], value[1:])
            if key:
                return key
        if system in RPPS_SYSTEMS:
            key = _key("8", value)
            if key:
                return key
    return None


def _fhir_address(resource):
    addresses = resource.get("address") or []
    address = addresses[0] if isinstance(addresses, list) and addresses else addresses or {}
    insee = ""
    for extension in address.get("extension", []):
        if extension.get("url") == INSEE_EXTENSION:
            insee = (extension.get("valueCoding") or {}).get("code", "")
    lines = [line for line in address.get("line", []) if line]
    postcode, commune = locate(address.get("postalCode", ""), address.get("city", ""), insee)
    return {"address": ", ".join(lines)[:255], "postcode": postcode[:5], "commune": commune}


def _fhir_phone(resource):
    for telecom in resource.get("telecom", []):
        if telecom.get("system") == "phone":
            return _phone(telecom.get("value"))
    return ""


def bundle_activities(bundle):
    """Activities from a FHIR Bundle: each PractitionerRole, its Practitioner and Organization."""
    if bundle.get("resourceType") != "Bundle":
        raise ValueError("ce fichier JSON n'est pas un Bundle FHIR")
    resources = {}
    for entry in bundle.get("entry", []):
        resource = entry.get("resource") or {}
        kind, rid = resource.get("resourceType"), resource.get("id")
        if kind and rid:
            resources[f"{kind}/{rid}"] = resource
    seen = set()
    for reference, resource in resources.items():
        if not reference.startswith("PractitionerRole/"):
            continue
        practitioner = resources.get((resource.get("practitioner") or {}).get("reference", ""))
        key = _practitioner_key(practitioner) if practitioner else None
        if not key:
            continue
        seen.add(key)
        organization = resources.get((resource.get("organization") or {}).get("reference", ""))
        place_of = organization or {}
        activity = {**_fhir_address(place_of), "name": place_of.get("name", "")[:150]}
        activity["phone"] = _fhir_phone(resource) or _fhir_phone(place_of)
        activity["liberal"] = any(
            MODE_SYSTEM_PART in (coding.get("system") or "") and coding.get("code") == "L"
            for concept in resource.get("code", [])
            for coding in concept.get("coding", [])
        )
        yield key, activity
    # A practitioner without a role is still in the register (no address to offer).
    for reference, resource in resources.items():
        if reference.startswith("Practitioner/"):
            key = _practitioner_key(resource)
            if key and key not in seen:
                yield key, {"address": "", "postcode": "", "commune": "", "phone": "",
                            "name": "", "liberal": False}  # fmt: skip


def read_bundle(handle):
    try:
        return json.load(handle)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"JSON illisible : {exc}") from exc
