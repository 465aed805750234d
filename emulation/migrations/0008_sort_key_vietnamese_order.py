"""Wards sort in the Vietnamese alphabet: a stored key (emulation.text.vietnamese_key)."""

from django.db import migrations, models

from emulation.text import vietnamese_key


def fill_sort_keys(apps, schema_editor):
    """Compute the key of every existing ward (the model's save() keeps it afterwards)."""
    Ward = apps.get_model("emulation", "Ward")
    wards = list(Ward.objects.only("pk", "name"))
    for ward in wards:
        ward.sort_key = vietnamese_key(ward.name)
    Ward.objects.bulk_update(wards, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("emulation", "0007_field_names_in_vietnamese"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="ward",
            options={"ordering": ["sort_key"], "verbose_name": "phường", "verbose_name_plural": "phường"},
        ),
        migrations.AddField(
            model_name="ward",
            name="sort_key",
            field=models.CharField(db_index=True, default="", editable=False, max_length=1000, verbose_name="khóa sắp xếp theo tên"),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
    ]
