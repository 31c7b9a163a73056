"""The post search index, taken over from the community app with its table and rows.

``community_postsearch`` was created by community 0006_search_index (its PostgreSQL trigram
indexes by community 0008); community 0009 took the model out of that app's state. Here it
enters this app's state only, and its content type follows (permissions keep pointing at it).
"""

import django.db.models.deletion
from django.db import migrations, models


def content_type_to_forum(apps, schema_editor):
    _move_content_type(apps, schema_editor, "community", "forum_portal")


def content_type_to_community(apps, schema_editor):
    _move_content_type(apps, schema_editor, "forum_portal", "community")


def _move_content_type(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = ContentType.objects.using(schema_editor.connection.alias)
    if rows.filter(app_label=new, model="postsearch").exists():
        return
    rows.filter(app_label=old, model="postsearch").update(app_label=new)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("community", "0009_postsearch_to_forum"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum_conversation", "0013_auto_20201220_1745"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PostSearch",
                    fields=[
                        (
                            "id",
                            models.AutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("latitude", models.FloatField(blank=True, null=True)),
                        ("longitude", models.FloatField(blank=True, null=True)),
                        ("subject", models.TextField(blank=True)),
                        ("content", models.TextField(blank=True)),
                        (
                            "post",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="search_row",
                                to="forum_conversation.post",
                            ),
                        ),
                    ],
                    options={"db_table": "community_postsearch"},
                )
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_forum, content_type_to_community),
    ]
