"""Nominees sort in the Vietnamese alphabet: persons by given name then the rest, collectives
and households by their full name (nominations.models.nomination.nominee_sort_key)."""

from django.db import migrations, models

from emulation.text import name_sort_key


def recompute_sort_keys(apps, schema_editor):
    """Recompute the key of every existing nominee, in batches (the model's save() keeps it)."""
    Nominee = apps.get_model("nominations", "Nominee")
    batch = []
    for nominee in Nominee.objects.only("pk", "full_name", "kind").order_by("pk").iterator(2000):
        nominee.sort_key = name_sort_key(nominee.full_name, person=nominee.kind == "individual")
        batch.append(nominee)
        if len(batch) == 2000:
            Nominee.objects.bulk_update(batch, ["sort_key"])
            batch = []
    if batch:
        Nominee.objects.bulk_update(batch, ["sort_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("nominations", "0007_phone"),
    ]

    operations = [
        migrations.AlterField(
            model_name="nominee",
            name="sort_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=1000, verbose_name="khóa sắp xếp theo tên"),
        ),
        migrations.RunPython(recompute_sort_keys, migrations.RunPython.noop),
    ]
