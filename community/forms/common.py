"""What the boards' forms share: date inputs and checks, the answer's message."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.members.validators import no_patient_data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def not_in_past(form, field):
    value = form.cleaned_data.get(field)
    if value and value < timezone.localdate():
        form.add_error(field, _("Cette date est déjà passée."))


def end_after_start(form, start="start", end="end"):
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("La date de fin doit être postérieure ou égale à la date de début."))


def user_profession(user):
    membership = getattr(user, "membership", None)
    return membership.profession if membership else None


@no_patient_data("message")
class ResponseMessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message pour le demandeur (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@no_patient_data("message")
class ResponseCorrectionForm(forms.Form):
    message = forms.CharField(label=_("Votre message"), required=False, widget=forms.Textarea)
