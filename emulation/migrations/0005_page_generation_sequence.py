"""The page-cache generation (emulation/page_cache.py): a PostgreSQL sequence.

A sequence, not a row: ``nextval`` never waits for another transaction and is seen at once by
every connection, so a write in one worker invalidates the pages every worker has stored.
SQLite (the demo) has no sequences; the page cache then keeps its generation in the cache.
"""

from django.db import migrations


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("emulation", "0004_search_trigram_indexes")]

    operations = [
        migrations.RunPython(_run("CREATE SEQUENCE IF NOT EXISTS thidua_page_generation"),
                             _run("DROP SEQUENCE IF EXISTS thidua_page_generation")),
    ]
