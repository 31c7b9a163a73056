"""Validators of the national registration numbers of health professionals."""

import re

from django.core.exceptions import ValidationError
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


# A French social security number (NIR): sex, year, month, department (2A/2B
# for Corsica), commune, order number, then a 2-digit key. Separators allowed.
_SEP = r"[\s.\-]?"
NIR_RE = re.compile(
    rf"(?<![\dA-Za-z])([12378]){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}|2[ABab]){_SEP}"
    rf"(\d{{3}}){_SEP}(\d{{3}}){_SEP}(\d{{2}})(?![\dA-Za-z])"
)


def nir_key(body):
    """Key of a 13-character NIR body; Corsica's 2A/2B count as 19/18."""
    digits = body.upper().replace("2A", "19", 1) if body[5:7].upper() == "2A" else body
    digits = digits.upper().replace("2B", "18", 1) if body[5:7].upper() == "2B" else digits
    return 97 - (int(digits) % 97)


def find_nir(text):
    """Return the first valid NIR (key checked) found in free text, or None."""
    for match in NIR_RE.finditer(text or ""):
        body = "".join(match.groups()[:6])
        key = int(match.group(7))
        if nir_key(body) == key:
            return match.group(0)
    return None


def validate_no_nir(text):
    """Refuse free text that contains a patient's social security number."""
    if find_nir(text):
        raise ValidationError(
            _(
                "Ce texte semble contenir un numéro de sécurité sociale. Aucune donnée permettant "
                "d'identifier un patient ne doit être publiée ici : retirez ce numéro puis enregistrez."
            ),
            code="nir",
        )
