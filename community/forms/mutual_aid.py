"""Forms of the mutual-aid board: requests, filter, answers, closing, corrections."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.members.fields import CommuneField
from portal.members.models import Profession
from portal.members.validators import no_patient_data

from ..models import MutualAidRequest
from .common import DateInput, ResponseMessageForm, not_in_past


@no_patient_data("description")
class MutualAidForm(forms.ModelForm):
    commune = CommuneField(label=_("Commune"), help_text=_("Où les soins ont lieu."))

    class Meta:
        model = MutualAidRequest
        fields = [
            "profession_needed",
            "commune",
            "start",
            "duration_days",
            "urgency",
            "description",
        ]
        widgets = {
            "start": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession_needed"].queryset = Profession.objects.active()
        if not self.is_bound:
            self.fields["start"].initial = timezone.localdate()
            membership = getattr(user, "membership", None) if user else None
            if membership:
                self.fields["commune"].initial = membership.commune

    def clean(self):
        cleaned = super().clean()
        not_in_past(self, "start")
        return cleaned


class MutualAidFilterForm(forms.Form):
    STATUS_CHOICES = [("open", _("En cours")), ("closed", _("Closes (historique)"))]

    profession = forms.ModelChoiceField(
        Profession.objects.active(),
        required=False,
        to_field_name="slug",
        label=_("Profession"),
        empty_label=_("Toutes"),
    )
    commune = CommuneField(
        required=False,
        label=_("Commune"),
        help_text=_("Les demandes de cette commune et des communes voisines."),
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, label=_("Statut"))

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.open()
        data = self.cleaned_data
        queryset = (
            queryset.exclude(status="open") if data.get("status") == "closed" else queryset.open()
        )
        if data.get("profession"):
            queryset = queryset.filter(profession_needed=data["profession"])
        if data.get("commune"):
            from directory.geo import communes_near

            from ..models import NEARBY_KM

            queryset = queryset.filter(
                commune__in=communes_near(data["commune"].strip(), NEARBY_KM)
            )
        return queryset


@no_patient_data("message")
class MutualAidResponseForm(ResponseMessageForm):
    message = forms.CharField(
        label=_("Ce que vous pouvez assurer (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseMutualAidForm(forms.Form):
    solved = forms.TypedChoiceField(
        choices=[("1", _("Résolue : la relève est assurée")), ("0", _("Close sans solution"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=_("Issue de la demande"),
        initial="1",
    )


@no_patient_data("description")
class MutualAidCorrectionForm(forms.ModelForm):
    class Meta:
        model = MutualAidRequest
        fields = ["description"]
