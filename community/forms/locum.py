"""Forms of the locum board: requests, filters, answers, choice, offers, corrections."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.members.fields import CommuneField, resolve_commune
from portal.members.models import Profession
from portal.members.validators import no_patient_data

from ..models import LocumOffer, LocumRequest
from .common import DateInput, ResponseMessageForm, end_after_start, not_in_past, user_profession


@no_patient_data("housing_notes", "software", "conditions")
class LocumRequestForm(forms.ModelForm):
    commune = CommuneField(
        label=_("Commune d'exercice"), help_text=_("Où se trouve le cabinet à reprendre.")
    )

    class Meta:
        model = LocumRequest
        fields = [
            "profession",
            "kind",
            "start",
            "end",
            "commune",
            "fee_share",
            "housing",
            "housing_notes",
            "software",
            "conditions",
            "contact_preference",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 5}),
            "contact_preference": forms.RadioSelect,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].queryset = Profession.objects.active()
        if user is not None:
            self._offer_honoured_channels(user)
        if user is not None and not self.is_bound:
            self.fields["profession"].initial = user_profession(user)
            membership = getattr(user, "membership", None)
            if membership:
                self.fields["commune"].initial = membership.commune

    def _offer_honoured_channels(self, user):
        """Only the channels the chosen colleague will actually be shown (community.contact)."""
        from ..contact import available_channels

        field = self.fields["contact_preference"]
        channels = available_channels(user)
        field.choices = [(value, label) for value, label in field.choices if value in channels]
        field.help_text = _(
            "La personne que vous retiendrez verra votre e-mail du portail et les coordonnées "
            "que votre fiche d'annuaire montre aux adhérents. Pour être appelé·e ou joint·e "
            "par MSSanté, renseignez-les dans « Ma fiche » avec la visibilité « Adhérents "
            "seulement » ou « Public »."
        )
        field.error_messages["invalid_choice"] = _(
            "Ce moyen de contact n'apparaît pas sur votre fiche d'annuaire pour les adhérents : "
            "complétez « Ma fiche » ou choisissez l'e-mail."
        )

    def clean(self):
        cleaned = super().clean()
        not_in_past(self, "start")
        end_after_start(self)
        return cleaned


class LocumFilterForm(forms.Form):
    profession = forms.ModelChoiceField(
        Profession.objects.active(),
        required=False,
        to_field_name="slug",
        label=_("Profession"),
        empty_label=_("Toutes"),
    )
    kind = forms.ChoiceField(
        choices=[("", _("Tous"))] + LocumRequest.Kind.choices, required=False, label=_("Type")
    )
    commune = CommuneField(
        required=False,
        label=_("Commune"),
        help_text=_("Les demandes de cette commune et des communes voisines."),
    )
    date_from = forms.DateField(required=False, label=_("Disponible du"), widget=DateInput())
    date_to = forms.DateField(required=False, label=_("au"), widget=DateInput())

    def filter(self, queryset, *, profession_field="profession"):
        """Apply the valid filters; an invalid value is ignored (and reported by the form)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("profession"):
            queryset = queryset.filter(**{profession_field: data["profession"]})
        if data.get("kind") and queryset.model is LocumRequest:
            queryset = queryset.filter(kind=data["kind"])
        if data.get("commune"):
            from directory.geo import communes_near

            from ..models import NEARBY_KM

            near = communes_near(data["commune"].strip(), NEARBY_KM)
            if queryset.model is LocumOffer:
                wanted = Q()
                for name in near:
                    wanted |= Q(communes__icontains=name)
                queryset = queryset.filter(wanted)
            else:
                queryset = queryset.filter(commune__in=near)
        # Overlap of [start, end] with the wanted period.
        if data.get("date_from"):
            queryset = queryset.filter(end__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(start__lte=data["date_to"])
        return queryset


@no_patient_data("message")
class LocumResponseForm(ResponseMessageForm):
    """ "Je suis disponible", on the whole period or part of it (dates inside the request's)."""

    available_from = forms.DateField(label=_("Disponible du"), widget=DateInput())
    available_to = forms.DateField(label=_("au"), widget=DateInput())
    field_order = ["available_from", "available_to", "message"]

    def __init__(self, *args, locum, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.locum = locum
        period = _("du %(start)s au %(end)s") % {
            "start": f"{locum.start:%d/%m/%Y}",
            "end": f"{locum.end:%d/%m/%Y}",
        }
        self.fields["available_to"].help_text = _(
            "Laissez les dates de la demande (%(period)s) si vous pouvez assurer toute la "
            "période ; sinon, indiquez les jours où vous êtes disponible."
        ) % {"period": period}
        if not self.is_bound:
            first, last = self.initial_dates(user)
            self.fields["available_from"].initial = first
            self.fields["available_to"].initial = last

    def initial_dates(self, user):
        """The request's period, narrowed to the responder's own locum period when one overlaps."""
        locum = self.locum
        if user is not None:
            from directory.models import LocumPeriod

            period = (
                LocumPeriod.objects.filter(
                    profile__user=user, start__lte=locum.end, end__gte=locum.start
                )
                .order_by("start")
                .first()
            )
            if period is not None:
                return max(period.start, locum.start), min(period.end, locum.end)
        return locum.start, locum.end

    def clean(self):
        cleaned = super().clean()
        locum = self.locum
        first, last = cleaned.get("available_from"), cleaned.get("available_to")
        outside = _(
            "Cette date est en dehors de la période demandée (du %(start)s au %(end)s)."
        ) % {"start": f"{locum.start:%d/%m/%Y}", "end": f"{locum.end:%d/%m/%Y}"}
        if first and not locum.start <= first <= locum.end:
            self.add_error("available_from", outside)
        if last and not locum.start <= last <= locum.end:
            self.add_error("available_to", outside)
        end_after_start(self, "available_from", "available_to")
        return cleaned


class FillForm(forms.Form):
    chosen = forms.ModelChoiceField(
        get_user_model().objects.none(),
        required=False,
        label=_("Qui vous remplace ?"),
        empty_label=_("Quelqu'un trouvé en dehors du portail"),
    )

    def __init__(self, *args, locum, **kwargs):
        super().__init__(*args, **kwargs)
        responses = {
            r.responder_id: r for r in locum.responses.select_related("request", "responder")
        }
        self.fields["chosen"].queryset = get_user_model().objects.filter(
            locum_responses__request=locum
        )
        self.fields["chosen"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.email} — {responses[user.pk].coverage_text}"
            if user.pk in responses
            else user.get_full_name() or user.email
        )


@no_patient_data("notes")
class LocumOfferForm(forms.ModelForm):
    class Meta:
        model = LocumOffer
        fields = ["profession", "start", "end", "communes", "radius_km", "notes"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].queryset = Profession.objects.active()
        if user is not None and not self.is_bound:
            self.fields["profession"].initial = user_profession(user)
            membership = getattr(user, "membership", None)
            if membership:
                self.fields["communes"].initial = membership.commune

    def clean_communes(self):
        """Each commune of the list, by its official name; unknown ones refused together."""
        names, errors = [], []
        for part in re.split(r"[,;\n]", self.cleaned_data["communes"]):
            if not part.strip():
                continue
            try:
                names.append(resolve_commune(part))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return ", ".join(dict.fromkeys(names))

    def clean(self):
        cleaned = super().clean()
        not_in_past(self, "end")
        end_after_start(self)
        return cleaned


@no_patient_data("housing_notes", "software", "conditions")
class LocumCorrectionForm(forms.ModelForm):
    class Meta:
        model = LocumRequest
        fields = ["housing_notes", "software", "conditions"]
