"""The directory's search box: a plain search field that the commune combobox script
(static/members/commune-autocomplete.js, ARIA 1.2 combobox) enhances with suggestions."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class SearchSuggestInput(forms.TextInput):
    input_type = "search"
    template_name = "members/widgets/commune_input.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs["data-commune-autocomplete"] = str(reverse_lazy("directory:suggestions"))
        attrs["data-commune-results"] = _("%(count)s suggestions")
        attrs["data-commune-none"] = _("Aucune suggestion")
        attrs["data-commune-list-label"] = _("Suggestions")
        return context
