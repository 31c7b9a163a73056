"""Every approved member has an entry: their own page no longer creates it on a GET (issue 18),
the approval does (directory.services.create_entry). This makes the entries that page used
to create for approved members who had none."""

from django.db import migrations

CONTACT_FIELDS = ("mobile", "email", "mssante", "website")


def create_missing_entries(apps, schema_editor):
    Membership = apps.get_model("members", "Membership")
    Profile = apps.get_model("directory", "Profile")
    PracticeSite = apps.get_model("directory", "PracticeSite")
    AssociationSettings = apps.get_model("members", "AssociationSettings")
    settings = AssociationSettings.objects.first()
    defaults = (
        {f"{name}_visibility": settings.default_contact_visibility for name in CONTACT_FIELDS}
        if settings is not None
        else {}
    )
    missing = Membership.objects.filter(status="approved").exclude(
        user_id__in=Profile.objects.values("user_id")
    )
    for membership in missing.iterator():
        profile = Profile.objects.create(user_id=membership.user_id, **defaults)
        if membership.commune:
            PracticeSite.objects.create(profile=profile, commune=membership.commune)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_search_trigram_indexes"),
        ("members", "0008_default_visibility_help_says_confirmation"),
    ]

    operations = [migrations.RunPython(create_missing_entries, migrations.RunPython.noop)]
