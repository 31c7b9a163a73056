"""Every free-text field of every form of the portal carries the one NIR guard and the reminder.

The forms are found, not listed: every module of the portal's apps is imported and every form
class defined there is inspected, so a new text field that is neither guarded
(``portal.members.validators.no_patient_data``) nor listed below with a reason fails here.
"""

import importlib
import pkgutil

import pytest
from django import forms
from phonenumber_field.formfields import PhoneNumberField

from portal.members.fields import CommuneField
from portal.members.validators import NO_PATIENT_DATA_HELP, validate_no_nir

PACKAGES = ("portal", "directory", "documents", "forum", "community", "demo")

# (module.Form, field): why the field does not take free text where patient data could go.
NOT_FREE_TEXT = {
    ("community.forms.locum.LocumRequestForm", "commune"): "a commune of the territory",
    ("community.forms.locum.LocumOfferForm", "communes"): "communes of the territory",
    ("community.forms.locum.LocumFilterForm", "commune"): "a filter, never stored",
    ("community.forms.mutual_aid.MutualAidForm", "commune"): "a commune of the territory",
    ("community.forms.mutual_aid.MutualAidFilterForm", "commune"): "a filter, never stored",
    ("community.forms.topics.InternshipForm", "commune"): "a commune of the territory",
    ("community.forms.topics.NewcomerForm", "commune"): "a commune of the territory",
    ("forum.forms.PostForm", "username"): "anonymous posting is off: the field is removed",
    ("forum.forms.TopicForm", "username"): "anonymous posting is off: the field is removed",
    ("portal.members.forms_social.ProSanteConnectSignupForm", "username"): (
        "sign-in is by e-mail: allauth removes the field (ACCOUNT_SIGNUP_FIELDS has no username)"
    ),
    ("directory.forms.PracticeSiteForm", "postcode"): "five digits",
    ("directory.forms.PracticeSiteForm", "commune"): "a commune of the territory",
    ("directory.forms.SearchForm", "q"): "a search, never stored",
    ("directory.forms.ResourceFilterForm", "q"): "a search, never stored",
    ("documents.forms.LibraryFilterForm", "q"): "a search, never stored",
    ("documents.forms.VersionForm", "number"): "a version number (1.0)",
    ("documents.forms.ProtocolCreateForm", "number"): "a version number (1.0)",
    ("portal.members.forms.SignupForm", "first_name"): "the applicant's own name",
    ("portal.members.forms.SignupForm", "last_name"): "the applicant's own name",
    ("portal.members.forms.SignupForm", "registration_number"): "checked as RPPS/ADELI",
    ("portal.members.forms.SignupForm", "commune"): "a commune of the territory",
    ("portal.indicators.views.FiltersForm", "start"): "a month (2026-01)",
    ("portal.indicators.views.FiltersForm", "end"): "a month (2026-01)",
    ("portal.members.forms.TerritoryForm", "departments"): "department codes, checked as such",
    ("portal.members.forms.TerritoryForm", "communes"): "names checked against the communes",
}
NOT_TEXT_TYPES = (
    CommuneField,  # only a commune of the territory gets through
    forms.EmailField,
    forms.URLField,
    forms.SlugField,
    forms.RegexField,
    forms.UUIDField,
    forms.GenericIPAddressField,
    PhoneNumberField,
)


def _import_all():
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            name = info.name
            if ".migrations" in name:
                continue
            if ".settings." in name or name.endswith(".wsgi") or ".management." in name:
                continue
            importlib.import_module(name)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def portal_text_fields():
    _import_all()
    seen = set()
    for form_class in _all_subclasses(forms.BaseForm):
        if not form_class.__module__.startswith(PACKAGES) or form_class in seen:
            continue
        seen.add(form_class)
        # Formsets' forms are built in the module of their form: name them after it.
        label = f"{form_class.__module__}.{form_class.__name__}"
        for name, field in getattr(form_class, "base_fields", {}).items():
            if not isinstance(field, forms.CharField) or isinstance(field, NOT_TEXT_TYPES):
                continue
            if isinstance(field.widget, forms.PasswordInput | forms.HiddenInput):
                continue
            yield label, form_class, name, field


def test_the_forms_are_found():
    labels = {label for label, *_rest in portal_text_fields()}
    for expected in (
        "forum.forms.PostForm",
        "community.forms.mutual_aid.MutualAidForm",
        "directory.forms.PracticeSiteForm",
        "documents.forms.DecisionForm",
    ):
        assert expected in labels


def test_every_free_text_field_is_guarded():
    unguarded = []
    for label, form_class, name, field in portal_text_fields():
        guarded = validate_no_nir in field.validators
        exempt = (label, name) in NOT_FREE_TEXT or any(
            (f"{base.__module__}.{base.__name__}", name) in NOT_FREE_TEXT
            for base in form_class.__mro__
        )
        if guarded:
            assert str(NO_PATIENT_DATA_HELP) in str(field.help_text), (label, name)
        elif not exempt:
            unguarded.append(f"{label}.{name}")
    assert unguarded == [], "free-text fields without validate_no_nir: " + ", ".join(unguarded)


NIR_TEXT = "Patiente 1 85 05 78 006 084 36, insuline"


@pytest.mark.parametrize(
    ("label", "name"),
    [
        (label, name)
        for label, _form, name, field in portal_text_fields()
        if validate_no_nir in field.validators
    ],
)
def test_each_guarded_field_refuses_a_nir_in_french(label, name):
    form_class = next(f for lbl, f, n, _fld in portal_text_fields() if lbl == label and n == name)
    field = form_class.base_fields[name]
    with pytest.raises(forms.ValidationError) as exc:
        field.run_validators(NIR_TEXT)
    assert "sécurité sociale" in " ".join(str(m) for m in exc.value.messages)
