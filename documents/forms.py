from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.members.models import Commission, Profession
from portal.members.validators import no_patient_data

from .models import Protocol
from .validators import check_protocol_file

FILE_HELP = _(
    "PDF, ODT, DOCX, ODS ou XLSX, 20 Mo au plus. Le type est vérifié sur le contenu du fichier."
)
FILE_ACCEPT = ".pdf,.odt,.docx,.ods,.xlsx"


class ProtocolFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Fichier"))
        kwargs.setdefault("help_text", FILE_HELP)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            check_protocol_file(uploaded)
        return uploaded


@no_patient_data("changes")
class VersionForm(forms.Form):
    number = forms.CharField(
        label=_("Numéro de version"), max_length=20, help_text=_("Ex. : 1.0, 1.1, 2.0")
    )
    changes = forms.CharField(
        label=_("Ce qui change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pour une première version : « Création »."),
    )
    file = ProtocolFileField()


@no_patient_data("title", "summary", "tags")
class ProtocolCreateForm(VersionForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(label=_("Résumé"), widget=forms.Textarea(attrs={"rows": 4}))
    category = forms.ChoiceField(label=_("Catégorie"), choices=Protocol.Category.choices)
    commission = forms.ModelChoiceField(label=_("Commission"), queryset=Commission.objects.none())
    target_professions = forms.ModelMultipleChoiceField(
        label=_("Professions concernées"),
        queryset=Profession.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leurs adhérents sont prévenus par e-mail quand une version est publiée."),
    )
    tags = forms.CharField(
        label=_("Mots-clés"), required=False, help_text=_("Séparés par des virgules.")
    )
    review_date = forms.DateField(
        label=_("À réviser avant le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    is_public = forms.BooleanField(
        label=_("Protocole public (visible des visiteurs non connectés)"), required=False
    )

    field_order = [
        "title",
        "summary",
        "category",
        "commission",
        "target_professions",
        "tags",
        "review_date",
        "is_public",
        "number",
        "changes",
        "file",
    ]

    def __init__(self, *args, commissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = commissions
        self.fields["number"].initial = "1.0"
        self.fields["changes"].initial = _("Création")
        self.fields["review_date"].initial = timezone.localdate().replace(
            year=timezone.localdate().year + 2
        )

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()][:10]


@no_patient_data("changes")
class ReplaceFileForm(forms.Form):
    file = ProtocolFileField(label=_("Fichier corrigé"))
    changes = forms.CharField(label=_("Ce qui change"), widget=forms.Textarea(attrs={"rows": 3}))


@no_patient_data("comment")
class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoire pour demander des modifications ou refuser ; conservé dans l'historique."
        ),
    )


class LibraryFilterForm(forms.Form):
    """Filters by slug; choices are read once so validating and rendering cost one query each."""

    q = forms.CharField(label=_("Rechercher"), required=False)
    profession = forms.ChoiceField(label=_("Profession"), required=False)
    category = forms.ChoiceField(
        label=_("Catégorie"),
        choices=[("", _("Toutes")), *Protocol.Category.choices],
        required=False,
    )
    commission = forms.ChoiceField(label=_("Commission"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Toutes"))]
        self.fields["profession"].choices = everything + list(
            Profession.objects.active().values_list("slug", "name")
        )
        self.fields["commission"].choices = everything + list(
            Commission.objects.values_list("slug", "name")
        )
