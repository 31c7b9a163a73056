"""The protocols' own opt-out becomes the "protocols" notification preference of the account."""

from django.db import migrations


def copy_opt_outs(apps, schema_editor):
    OptOut = apps.get_model("documents", "ProtocolNotificationOptOut")
    Preferences = apps.get_model("members", "NotificationPreferences")
    for opt_out in OptOut.objects.all():
        preferences, _created = Preferences.objects.get_or_create(user_id=opt_out.user_id)
        if "protocols" not in preferences.switched_off:
            preferences.switched_off = sorted({*preferences.switched_off, "protocols"})
            preferences.save(update_fields=["switched_off"])


def copy_back(apps, schema_editor):
    OptOut = apps.get_model("documents", "ProtocolNotificationOptOut")
    Preferences = apps.get_model("members", "NotificationPreferences")
    for preferences in Preferences.objects.all():
        if "protocols" in preferences.switched_off:
            OptOut.objects.get_or_create(user_id=preferences.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("members", "0005_notification_preferences"),
    ]

    operations = [
        migrations.RunPython(copy_opt_outs, copy_back),
        migrations.DeleteModel(name="ProtocolNotificationOptOut"),
    ]
