"""Validators of the national registration numbers of health professionals."""

import copy
import re

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

RPPS_RE = re.compile(r"^\d{11}$")
ADELI_RE = re.compile(r"^\d{9}$")


def normalize_number(value):
    """Drop the spaces, dots and dashes people type inside registration numbers."""
    return re.sub(r"[\s.\-]", "", value or "")


def luhn_is_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_check_digit(digits):
    """The Luhn key that completes ``digits`` (used by factories and demo data)."""
    for key in "0123456789":
        if luhn_is_valid(digits + key):
            return key
    raise AssertionError("unreachable")


def validate_rpps(value):
    value = normalize_number(value)
    if not RPPS_RE.match(value):
        raise ValidationError(
            _("Le numéro RPPS comporte exactement 11 chiffres."), code="rpps_format"
        )
    if not luhn_is_valid(value):
        raise ValidationError(
            _(
                "Ce numéro RPPS n'est pas valide : la clé de contrôle (dernier chiffre) ne correspond pas."
            ),
            code="rpps_key",
        )


def validate_adeli(value):
    value = normalize_number(value)
    if not ADELI_RE.match(value):
        raise ValidationError(
            _("Le numéro ADELI comporte exactement 9 chiffres."), code="adeli_format"
        )


# --- patient data: anything shaped like a French social security number (NIR) -------------
#
# A NIR is 13 characters, often followed by a 2-digit key: sex (1/2, 3/4 and 7/8 for
# temporary numbers), year, month (01-12, and the special codes 20-42 and 50-99 used when
# the month is unknown), department (01-99, 2A/2B for Corsica, 97x/98x overseas with a
# 2-digit commune), commune, order number. Any key, right or wrong, or none: a hurried typist
# gets the key wrong, and the number identifies the patient all the same.
#
# Text is cut into chunks (runs of letters and digits) joined by at most three separators
# (spaces, dots, dashes). A sequence of consecutive chunks is NIR-shaped when its characters
# make the structure above, 13 or 15 long, and either it is a whole number on its own (not
# glued to more digits) or its chunks are cut where the NIR's own groups end (1 85 05 78 006
# 084 36). A phone number, a SIRET, an IBAN or an 11-digit RPPS never is.

NIR_CHUNKS_RE = re.compile(r"[0-9A-Za-z]+(?:[\s.\-]{1,3}[0-9A-Za-z]+)*")
NIR_SEPARATOR_RE = re.compile(r"[\s.\-]{1,3}")
NIR_CHUNK_RE = re.compile(r"\d*(?:2[AaBb])?\d*")
# Where a NIR's groups end: sex|year|month|dept|commune|order|key (overseas: dept of 3).
NIR_GROUP_ENDS = frozenset({1, 3, 5, 7, 8, 10, 13})
NIR_STRUCTURE_RE = re.compile(r"[123478][0-9]{2}[0-9]{2}(?:[0-9]{2}|2[AB])[0-9]{6}(?:[0-9]{2})?")


def _nir_month_is_possible(month):
    return 1 <= month <= 12 or 20 <= month <= 42 or month >= 50


def _is_drug_code(compact):
    """A CIP13 drug code (EAN-13 starting 3400/3401 with a valid check digit)."""
    if len(compact) != 13 or not compact.startswith(("3400", "3401")):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(compact[:12]))
    return (10 - total % 10) % 10 == int(compact[12])


def is_nir_shaped(compact):
    """Whether ``compact`` (no separators) has the structure of a NIR, with or without a key."""
    compact = compact.upper()
    if len(compact) not in (13, 15) or not NIR_STRUCTURE_RE.fullmatch(compact):
        return False
    if not _nir_month_is_possible(int(compact[3:5])):
        return False
    if compact[5:7] == "00":
        return False
    return not _is_drug_code(compact)


def nir_key(body):
    """The key of a 13-character NIR body; Corsica's 2A/2B count as 19/18 (test data)."""
    body = body.upper()
    digits = body[:5] + {"2A": "19", "2B": "18"}.get(body[5:7], body[5:7]) + body[7:]
    return 97 - (int(digits) % 97)


def _nir_in_run(chunks, whole):
    """The first NIR-shaped sequence of consecutive ``chunks`` (all usable), or None."""
    for start in range(len(chunks)):
        length, ends = 0, []
        for stop in range(start, len(chunks)):
            length += len(chunks[stop])
            if length > 15:
                break
            if length in (13, 15):
                compact = "".join(chunks[start : stop + 1])
                on_its_own = whole and start == 0 and stop == len(chunks) - 1
                # On its own, any grouping but single digits (a list "2 3 4 5 ..." is not one).
                loose = on_its_own and all(len(c) > 1 for c in chunks[start + 1 : stop + 1])
                if (loose or set(ends) <= NIR_GROUP_ENDS) and is_nir_shaped(compact):
                    return chunks[start : stop + 1]
            ends.append(length)
    return None


def find_nir(text):
    """Return the first thing shaped like a NIR (any key, or none) in free text, or None."""
    for match in NIR_CHUNKS_RE.finditer(text or ""):
        chunks = NIR_SEPARATOR_RE.split(match.group(0))
        # Words cut the run: only chunks made of digits (and 2A/2B) can be part of a NIR.
        runs, current = [], []
        for chunk in chunks:
            if chunk and NIR_CHUNK_RE.fullmatch(chunk) and any(c.isdigit() for c in chunk):
                current.append(chunk)
            else:
                runs.append(current)
                current = []
        runs.append(current)
        for run in runs:
            if run and sum(map(len, run)) >= 13:
                found = _nir_in_run(run, whole=True)
                if found:
                    return " ".join(found)
    return None


NO_PATIENT_DATA_HELP = _("Aucune donnée de patient : ni nom, ni numéro de sécurité sociale.")
NIR_MESSAGE = _(
    "Ce texte contient un numéro qui ressemble à un numéro de sécurité sociale. Aucune donnée "
    "de patient ne doit être écrite ici : retirez ce numéro, puis enregistrez à nouveau "
    "(le reste de votre texte est conservé)."
)


def validate_no_nir(text):
    """The one guard of every free-text field: refuse text holding something shaped like a NIR."""
    if find_nir(str(text or "")):
        raise ValidationError(NIR_MESSAGE, code="nir")


def with_reminder(help_text):
    """The reminder first (a busy reader sees it), then the field's own help, if any."""
    if not help_text or str(help_text) == str(NO_PATIENT_DATA_HELP):
        return NO_PATIENT_DATA_HELP
    return format_lazy("{} {}", NO_PATIENT_DATA_HELP, help_text)


def no_patient_data(*names):
    """Form class decorator: ``validate_no_nir`` and the reminder on each free-text field.

    The fields are copied (a parent's, or machina's, are left as they were) and also set as
    declared fields, so a subclass or a formset built from the form keeps the guard.
    ``tests/members/test_free_text_fields.py`` finds every text field of every form of the
    portal and fails on one that is neither guarded nor listed there with a reason.
    """

    def decorate(form_class):
        for name in names:
            field = copy.deepcopy(form_class.base_fields[name])
            if validate_no_nir not in field.validators:
                field.validators = [*field.validators, validate_no_nir]
            field.help_text = with_reminder(field.help_text)
            form_class.base_fields[name] = field
            form_class.declared_fields[name] = field
        return form_class

    return decorate


NIR_IN_FILE_MESSAGE = _(
    "Ce fichier contient un numéro qui ressemble à un numéro de sécurité sociale. Aucune "
    "donnée de patient ne doit être déposée ici : retirez ce numéro du document, puis "
    "déposez-le à nouveau."
)
UNREADABLE_FILE_MESSAGE = _(
    "Le texte de ce fichier ne peut pas être lu (fichier abîmé ou protégé par un mot de "
    "passe) : impossible de vérifier qu'il ne contient aucune donnée de patient. "
    "Enregistrez-le à nouveau sans mot de passe, puis déposez-le."
)


def check_upload_text(upload, content_type):
    """Refuse an uploaded file whose text holds something shaped like a NIR, or whose text
    cannot be read (only images, which carry no text, are accepted unread)."""
    from .filetext import UnreadableFile, file_text

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = file_text(data, content_type)
    except UnreadableFile as exc:
        raise ValidationError(UNREADABLE_FILE_MESSAGE, code="unreadable") from exc
    if find_nir(text):
        raise ValidationError(NIR_IN_FILE_MESSAGE, code="nir_in_file")
