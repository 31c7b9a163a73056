"""An index on forum posts' creation date (machina's ``Post`` has none).

The indicators count posts per month over a period: with the index PostgreSQL reads the
period's slice of the index only, instead of the whole (wide) post table (regional scale,
100,000 posts: 48 -> 15 ms). machina's models are not ours, so the index is created here.
"""

from django.db import migrations

INDEX = "community_post_created_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("forum_conversation", "0013_auto_20201220_1745"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON forum_conversation_post (created)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
