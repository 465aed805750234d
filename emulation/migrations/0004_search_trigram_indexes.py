"""Trigram indexes for the accent-free search (measured in docs/performance.md).

The lists, the public gallery and the Django admin search ``search_text`` (already folded:
lower-case, no accents) with ``icontains``, i.e. ``UPPER(search_text) LIKE UPPER('%term%')``.
A plain B-tree cannot serve a leading ``%``; a pg_trgm GIN index on the same expression can.
One partial index covers the public gallery (awarded + consenting only), one the staff lists.

PostgreSQL only (SQLite, used by the demo, skips it). pg_trgm is a trusted extension: the
database owner may create it without superuser rights. The migration lives in the emulation
app so that it never conflicts with the nominations app's own migrations; it changes no model
state.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS nom_search_trgm ON nominations_nomination "
    "USING gin (UPPER(search_text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS nom_public_search_trgm ON nominations_nomination "
    "USING gin (UPPER(search_text) gin_trgm_ops) "
    "WHERE state = 'awarded' AND consent_public",
]
DROP = [
    "DROP INDEX IF EXISTS nom_public_search_trgm",
    "DROP INDEX IF EXISTS nom_search_trgm",
]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):

    dependencies = [
        ("emulation", "0003_audit_log"),
        ("nominations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
