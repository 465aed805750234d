"""Nominee.phone: the Vietnamese phone rule (emulation.phone) as the field's validator, and the
numbers already stored rewritten in the stored form ("0912 345 678" → "0912345678"). A number
the rule refuses is left as it is: the admin asks for it to be corrected at the next edit."""

from django.core.exceptions import ValidationError
from django.db import migrations, models

import emulation.phone


def normalise_stored_phones(apps, schema_editor):
    Nominee = apps.get_model("nominations", "Nominee")
    for pk, phone in Nominee.objects.exclude(phone="").values_list("pk", "phone").iterator():
        try:
            stored = emulation.phone.normalize_phone(phone)
        except ValidationError:
            continue
        if stored != phone:
            Nominee.objects.filter(pk=pk).update(phone=stored)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0006_decision_acknowledged_warnings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="nominee",
            name="phone",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[emulation.phone.validate_phone],
                verbose_name="số điện thoại (không công khai)",
            ),
        ),
        migrations.RunPython(normalise_stored_phones, migrations.RunPython.noop),
    ]
