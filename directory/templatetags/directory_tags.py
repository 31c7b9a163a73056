"""Display helpers for directory values."""

import hashlib

import phonenumbers
from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.core.perf import fragment_generations

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


FILTER_FIELDS_SECONDS = 300


@register.simple_tag
def filter_fields(form, *models):
    """The fields of a GET filter form, rendered once per form, language, values typed and
    choices, then served from the shared cache: Django renders each widget, label and
    option with a template, a fifth of a list page's time.

    ``models``: the labels of the models the choices are read from (their write stamps,
    portal.core.perf.fragment_generations, are in the key).
    Errors depend only on the values typed, which are part of the key.
    """
    values = form.data.urlencode() if form.is_bound and hasattr(form.data, "urlencode") else ""
    parts = (
        type(form).__module__,
        type(form).__qualname__,
        get_language(),
        values,
        *fragment_generations(*models),
    )
    key = "filter-fields:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = "".join(str(field.as_field_group()) for field in form)
        cache.set(key, html, FILTER_FIELDS_SECONDS)
    return mark_safe(html)  # noqa: S308 (Django's own rendering of the form, escaped)
