"""Mask the values of personal fields already copied into the audit log (issue #14): a phone
number, an address, a story written before ``emulation.audit.PERSONAL_FIELDS`` existed would
otherwise outlive an erasure or the retention purge. "Changed" stays, the values go."""

from django.db import migrations

MASK = "***"
PERSONAL_FIELDS = {
    ("nominations", "nominee"): {"phone", "address", "gender"},
    ("nominations", "nomination"): {"story", "achievement_report", "return_reason"},
}


def mask(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditLog = apps.get_model("emulation", "AuditLog")
    for (app_label, model), fields in PERSONAL_FIELDS.items():
        ct = ContentType.objects.filter(app_label=app_label, model=model).first()
        if ct is None:
            continue
        for entry in AuditLog.objects.filter(content_type=ct).iterator(chunk_size=500):
            changes = entry.changes if isinstance(entry.changes, dict) else {}
            new = {
                name: (
                    [v if v in (None, "") else MASK for v in values]
                    if name in fields and isinstance(values, list)
                    else values
                )
                for name, values in changes.items()
            }
            if new != changes:
                AuditLog.objects.filter(pk=entry.pk).update(changes=new)


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0015_ward_head_council_chair"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mask, migrations.RunPython.noop)]
