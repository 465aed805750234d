"""The law's seed rows for existing databases (base salary 2,530,000 ₫ from 01/7/2026, the
legal texts decisions cite, the award kinds' legal attributes): campaigns.law.install, the
same rows seed_demo installs. Rows already present stay as the administrator left them."""

from typing import Any

from django.db import migrations

from campaigns import law


def forward(apps: Any, schema_editor: Any) -> None:
    """Only in a database in use (it has base salaries or award kinds): a fresh one gets the
    rows from seed_demo or `manage.py install_law`, and tests start empty."""
    salaries = apps.get_model("campaigns", "BaseSalary")
    kinds = apps.get_model("campaigns", "AwardKind")
    if not (salaries.objects.exists() or kinds.objects.exists()):
        return
    law.install(
        apps.get_model("campaigns", "BaseSalary"),
        apps.get_model("campaigns", "LegalText"),
        apps.get_model("campaigns", "AwardKind"),
    )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_law_in_force")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
