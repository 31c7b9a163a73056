"""Locum contact only by channels the portal honours; answers say which dates they cover.

"Messagerie du portail" is gone (there is no messaging): requests that chose it now say
"E-mail", the portal e-mail being shown to the chosen colleague. Existing answers covered
the whole period, which is what they are given.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    LocumRequest = apps.get_model("community", "LocumRequest")
    LocumResponse = apps.get_model("community", "LocumResponse")
    LocumRequest.objects.filter(contact_preference="portal").update(contact_preference="email")
    for response in LocumResponse.objects.select_related("request").filter(
        available_from__isnull=True
    ):
        response.available_from = response.request.start
        response.available_to = response.request.end
        response.save(update_fields=["available_from", "available_to"])


class Migration(migrations.Migration):
    dependencies = [("community", "0005_authors_delete_own_posts")]

    operations = [
        migrations.AddField(
            model_name="locumresponse",
            name="available_from",
            field=models.DateField(null=True, verbose_name="disponible du"),
        ),
        migrations.AddField(
            model_name="locumresponse",
            name="available_to",
            field=models.DateField(null=True, verbose_name="au"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="locumresponse",
            name="available_from",
            field=models.DateField(verbose_name="disponible du"),
        ),
        migrations.AlterField(
            model_name="locumresponse",
            name="available_to",
            field=models.DateField(verbose_name="au"),
        ),
        migrations.AlterField(
            model_name="locumrequest",
            name="contact_preference",
            field=models.CharField(
                choices=[("email", "E-mail"), ("phone", "Téléphone"), ("mssante", "MSSanté")],
                default="email",
                help_text="Montré à la personne que vous retiendrez, avec vos coordonnées professionnelles.",
                max_length=10,
                verbose_name="contact préféré",
            ),
        ),
    ]
