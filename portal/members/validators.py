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
            _("Ce numéro RPPS n'est pas valide : la clé de contrôle (dernier chiffre) ne correspond pas."),
            code="rpps_key",
        )


def validate_adeli(value):
    value = normalize_number(value)
    if not ADELI_RE.match(value):
        raise ValidationError(
            _("Le numéro ADELI comporte exactement 9 chiffres."), code="adeli_format"
        )
