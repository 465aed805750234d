"""The privacy epoch of the page cache's last good copies (emulation/page_cache.py,
``forget_last_copies``): a PostgreSQL sequence like the generation's (migration 0005)."""

from django.db import migrations


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("emulation", "0013_authority_labels")]

    operations = [
        migrations.RunPython(
            _run("CREATE SEQUENCE IF NOT EXISTS thidua_privacy_epoch"),
            _run("DROP SEQUENCE IF EXISTS thidua_privacy_epoch"),
        ),
    ]
