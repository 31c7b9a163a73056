"""Systems, profiles and the pieces every FHIR answer shares: responses, OperationOutcome, dates.

Where each URI comes from (checked against the published sources, not guessed):

- FR Core 2.x (Interop'Santé, ``hl7.fhir.fr.core``): profile canonicals
  ``https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-practitioner``,
  ``…/fr-core-practitioner-role``, ``…/fr-core-organization`` (quoted as ``profile[fr-canonical]``
  in the ANS "Annuaire Santé" IG examples, ansforge/IG-fhir-annuaire,
  input/fsh/examples/DP/PP19DP-*.fsh); the e-mail type extension ``fr-core-contact-point-email-type``
  (FR Core input/fsh/extensions, ``Id: fr-core-contact-point-email-type``, on ContactPoint);
  the identifier-type code system ``fr-core-cs-v2-0203`` (IDNPS, RPPS, IDNST, FINEG) and the
  organisation-type code system ``fr-core-cs-v2-3307`` (GEOGRAPHICAL-ENTITY), both as used in
  the same ANS examples; the address extension ``fr-core-address-insee-code`` (FR Core
  FRCoreAddressInseeCodeExtension.fsh) valued in TRE_R13-Commune (ANS example PP19DP-Organization-EG-CH).
- ANS "Annuaire Santé" IG (ansforge/IG-fhir-annuaire): IDNPS ``urn:oid:1.2.250.1.71.4.2.1``,
  RPPS ``https://rpps.esante.gouv.fr``, IDNST ``urn:oid:1.2.250.1.71.4.2.2``, FINESS
  ``https://finess.esante.gouv.fr`` (PP19DP-Practitioner.fsh, PP19DP-Organization-EG-CH.fsh);
  the MSSanté mailbox is an ``email`` ContactPoint whose emailType extension is
  ``TRE_R256-TypeMessagerie#MSSANTE`` (input/fsh/profiles-datatype/AsMailboxMSSProfile.fsh).
- Professions: the national nomenclature TRE_G15 (portal.members.nomenclature).
"""

import json
from datetime import UTC, date, datetime, time, timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from portal.members.nomenclature import TRE_G15, TRE_G15_SYSTEM

from ..listing import clean_text

FHIR_CONTENT_TYPE = "application/fhir+json; charset=utf-8"
FHIR_VERSION = "4.0.1"

FR_CORE = "https://hl7.fr/ig/fhir/core"
PROFILES = {
    "Practitioner": f"{FR_CORE}/StructureDefinition/fr-core-practitioner",
    "PractitionerRole": f"{FR_CORE}/StructureDefinition/fr-core-practitioner-role",
    "Organization": f"{FR_CORE}/StructureDefinition/fr-core-organization",
}
EMAIL_TYPE_EXTENSION = f"{FR_CORE}/StructureDefinition/fr-core-contact-point-email-type"
EMAIL_TYPE_SYSTEM = (
    "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie"
)
INSEE_EXTENSION = f"{FR_CORE}/StructureDefinition/fr-core-address-insee-code"
COMMUNE_SYSTEM = "https://mos.esante.gouv.fr/NOS/TRE_R13-Commune/FHIR/TRE-R13-Commune"
IDENTIFIER_TYPE_SYSTEM = f"{FR_CORE}/CodeSystem/fr-core-cs-v2-0203"
ORGANIZATION_TYPE_SYSTEM = f"{FR_CORE}/CodeSystem/fr-core-cs-v2-3307"

IDNPS_SYSTEM = "urn:oid:1.2.250.1.71.4.2.1"
IDNST_SYSTEM = "urn:oid:1.2.250.1.71.4.2.2"
RPPS_SYSTEM = "https://rpps.esante.gouv.fr"
FINESS_SYSTEM = "https://finess.esante.gouv.fr"
PROFESSION_SYSTEM = TRE_G15_SYSTEM
# The official TRE_G15 labels, as the national directory writes them ("Masseur-Kinésithérapeute").
PROFESSION_LABELS = {spec.code: spec.official_label for spec in TRE_G15}
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
# Our language codes that are not BCP 47 tags.
BCP47 = {"lsf": "fsl"}

DEFAULT_COUNT = 20
MAX_COUNT = 100


def fhir_response(data, status=200, headers=None):
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=FHIR_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def operation_outcome(status, code, diagnostics):
    """An OperationOutcome answer (FHIR R4 http.html: every error carries one)."""
    return fhir_response(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}],
        },
        status=status,
    )


def not_found(what):
    return operation_outcome(404, "not-found", f"{what} introuvable.")


def gone(what):
    """410: the resource existed and was removed (FHIR R4 http.html#read)."""
    return operation_outcome(410, "deleted", f"{what} retiré de l'annuaire.")


def instant(value):
    return value.isoformat(timespec="seconds") if value else None


def meta(resource_type, updated_at):
    return {"lastUpdated": instant(updated_at), "profile": [PROFILES[resource_type]]}


def coding_type(code, display):
    return {"coding": [{"system": IDENTIFIER_TYPE_SYSTEM, "code": code, "display": display}]}


def token_value(token):
    """The value part of a FHIR token search parameter (``system|value`` or ``value``)."""
    return clean_text(token, 200).rsplit("|", 1)[-1].strip()


# --- _lastUpdated (FHIR R4 search.html#date) ---------------------------------------

DATE_PREFIXES = ("eq", "gt", "lt", "ge", "le")
# What the OpenAPI document promises for a _lastUpdated value: a prefix, then a FHIR date,
# dateTime or instant (years 1900-2099, ASCII digits only, days that exist: 29 February of
# leap years only), so that every value it allows is read.
_YEAR = r"(19|20)[0-9]{2}"
_LEAP = r"(19(0[48]|[2468][048]|[13579][26])|20([02468][048]|[13579][26]))"
_DAY = r"(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8])"
_TIME = (
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?"
)
LAST_UPDATED_PATTERN = (
    rf"^(eq|gt|ge|lt|le)?({_YEAR}(-(0[1-9]|1[0-2]))?|{_YEAR}-({_DAY})({_TIME})?"
    rf"|{_LEAP}-02-29({_TIME})?)$"
)


class SearchError(ValueError):
    """A search parameter FHIR cannot read: answered 400 with an OperationOutcome."""


def _date_range(text):
    """[start, end) of a FHIR date, dateTime or instant at its own precision."""
    tz = timezone.get_current_timezone()
    try:
        if len(text) == 4:
            start = datetime(int(text), 1, 1, tzinfo=tz)
            return start, start.replace(year=start.year + 1)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            start = datetime(year, month, 1, tzinfo=tz)
            end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
            return start, end
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime.combine(day, time.min, tzinfo=tz)
            return start, start + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise SearchError(f"Date illisible : « {text} ».") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    precision = timedelta(seconds=1) if moment.microsecond == 0 else timedelta(microseconds=1)
    return moment.astimezone(UTC), moment.astimezone(UTC) + precision


def last_updated_filters(values, field):
    """Django lookups for repeated ``_lastUpdated`` values (prefixes eq, gt, lt, ge, le).

    Repeated values all apply (AND): the latest lower bound and the earliest upper one.
    """
    lower, upper = [], []
    for raw in values or []:
        text = clean_text(raw, 40)
        prefix = text[:2] if text[:2].isalpha() else "eq"
        if text[:2].isalpha():
            text = text[2:]
        if prefix not in DATE_PREFIXES:
            raise SearchError(
                f"Préfixe « {prefix} » non pris en charge pour _lastUpdated (eq, gt, lt, ge, le)."
            )
        start, end = _date_range(text)
        if prefix in ("eq", "ge"):
            lower.append(start)
        if prefix in ("eq", "le"):
            upper.append(end)
        if prefix == "gt":
            lower.append(end)
        if prefix == "lt":
            upper.append(start)
    lookups = {}
    if lower:
        lookups[f"{field}__gte"] = max(lower)
    if upper:
        lookups[f"{field}__lt"] = min(upper)
    return lookups
