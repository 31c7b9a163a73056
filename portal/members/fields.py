"""A form field for a commune of the territory, typed loosely, stored by its official name."""

import difflib

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Commune
from .normalize import commune_key
from .territory import snapshot

MAX_SUGGESTIONS = 5
# The autocomplete endpoint (public geography only): see directory.views.CommuneAutocompleteView.
AUTOCOMPLETE_URL = reverse_lazy("directory:communes")


class CommuneInput(forms.TextInput):
    """A text input; static/members/commune-autocomplete.js turns it into an ARIA combobox.

    The widget brings its script and style itself (external files, CSP 'self'), so
    every page with a commune input has the autocomplete and no other page loads it.
    """

    template_name = "members/widgets/commune_input.html"

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "spellcheck": "false"}
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["data-commune-autocomplete"] = str(AUTOCOMPLETE_URL)
        attrs["data-commune-results"] = _("%(count)s communes proposées")
        attrs["data-commune-none"] = _("Aucune commune du territoire ne correspond")
        attrs["data-commune-list-label"] = _("Suggestions")
        return context


def _label(commune):
    return f"{commune.name} ({commune.postcode})" if commune.postcode else commune.name


def _close_spellings(text, territory):
    """Up to five communes whose name is spelt close to ``text`` (difflib on the search keys)."""
    if territory:
        by_key = snapshot().by_key
        keys = difflib.get_close_matches(
            commune_key(text), list(by_key), n=MAX_SUGGESTIONS, cutoff=0.6
        )
        places = [by_key[key] for key in keys]
        return [f"{p.name} ({p.postcode})" if p.postcode else p.name for p in places]
    names = dict(Commune.objects.values_list("search_key", "name"))
    keys = difflib.get_close_matches(commune_key(text), list(names), n=MAX_SUGGESTIONS, cutoff=0.6)
    return [names[key] for key in keys]


def find_commune(text, *, territory=True):
    """The Commune (of the territory, or of the whole table) that ``text`` designates.

    Accepts the name in any case, with or without accents and hyphens, "st"/"ste" for
    saint/sainte, a postcode of a single commune, or the start of a single commune's name.
    Raises ValidationError (French, with suggestions) otherwise.
    """
    text = (text or "").strip()
    communes = Commune.objects.territory() if territory else Commune.objects.all()
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) == 5:
        found = list(communes.with_postcode(digits)[: MAX_SUGGESTIONS + 1])
        if len(found) == 1:
            return found[0]
        if found:
            total = communes.with_postcode(digits).count()
            names = ", ".join(c.name for c in found[:MAX_SUGGESTIONS])
            raise ValidationError(
                _(
                    "%(count)s communes ont le code postal %(postcode)s : saisissez le nom de la "
                    "vôtre (par exemple %(names)s)."
                ),
                code="ambiguous",
                params={"count": total, "postcode": digits, "names": names},
            )
        raise ValidationError(
            _("Aucune commune du territoire n'a le code postal %(postcode)s.")
            if territory
            else _("Aucune commune importée n'a le code postal %(postcode)s."),
            code="unknown",
            params={"postcode": digits},
        )
    exact = communes.by_name(text).first()
    if exact is not None:
        return exact
    matches = list(communes.search(text)[: MAX_SUGGESTIONS + 1])
    if len(matches) == 1:
        return matches[0]
    suggestions = [_label(c) for c in matches[:MAX_SUGGESTIONS]] or _close_spellings(
        text, territory
    )
    if suggestions:
        raise ValidationError(
            _("« %(value)s » n'est pas une commune du territoire. Vouliez-vous dire : %(names)s ?")
            if territory
            else _("« %(value)s » n'est pas une commune importée. Vouliez-vous dire : %(names)s ?"),
            code="unknown",
            params={"value": text, "names": " ; ".join(suggestions)},
        )
    raise ValidationError(
        _(
            "« %(value)s » n'est pas une commune du territoire : vérifiez l'orthographe "
            "ou saisissez le code postal."
        )
        if territory
        else _(
            "« %(value)s » n'est pas une commune importée : vérifiez l'orthographe ou importez "
            "son département (manage.py import_communes)."
        ),
        code="unknown",
        params={"value": text},
    )


def resolve_commune(text, *, territory=True):
    """The official name of the commune ``text`` designates (see find_commune).

    A name of the territory is found in the per-request copy (no query of its own).
    """
    if territory:
        known = snapshot().by_key.get(commune_key(text))
        if known is not None:
            return known.name
    return find_commune(text, territory=territory).name


class CommuneField(forms.CharField):
    """Any commune of the territory; cleans to its official name ("Clermont-l'Hérault").

    ``territory=False`` (the bureau choosing its territory) accepts any imported commune.
    """

    widget = CommuneInput

    def __init__(self, *, territory=True, **kwargs):
        self.territory = territory
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault(
            "help_text",
            _("Nom ou code postal d'une commune du territoire (ex. : Clermont-l'Hérault, 34800)."),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return resolve_commune(value, territory=self.territory)
