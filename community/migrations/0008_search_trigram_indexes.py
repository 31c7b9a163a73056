"""PostgreSQL only: trigram indexes that answer the search's ``LIKE '% word%'`` without reading
every index row. They only speed up what matches; results stay those of SQLite."""

from django.db import migrations, transaction

COLUMNS = {"community_postsearch": ("subject", "content")}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - without the extension, search is only slower
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm "
                f"ON {table} USING gin ({column} gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("community", "0007_merge_20261206_0147")]

    operations = [migrations.RunPython(create, drop)]
