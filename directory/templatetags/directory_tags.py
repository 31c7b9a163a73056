"""Display helpers for directory values."""

import phonenumbers
from django import template

register = template.Library()


def format_phone(value):
    """E.164 written the French way ("04 67 96 00 00"); other countries stay international."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(str(value), "FR")
    except phonenumbers.NumberParseException:
        return str(value)
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


register.filter("phone_fr", format_phone)


@register.simple_tag(takes_context=True)
def querystring_without(context, *names):
    """The current query string without ``names`` (for pagination and view switches)."""
    params = context["request"].GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
