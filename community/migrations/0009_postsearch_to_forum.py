"""The post search index (PostSearch) now belongs to the forum app (label ``forum_portal``,
forum/migrations/0001_post_search_index.py). Its table keeps its name, ``community_postsearch``, and
its rows: this migration only takes the model out of this app's state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("community", "0008_search_trigram_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PostSearch")],
            database_operations=[],
        )
    ]
