"""Secret ballots sealed with a key outside the database; paper counting reports (issue #14).

Ballots of closed meetings are deleted (their counts are on the agenda items already); ballots
of open meetings are sealed with a new key per item, so a vote in progress is still counted.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def seal_existing(apps, schema_editor):
    from nominations.council import ballot_box

    Ballot = apps.get_model("nominations", "Ballot")
    AgendaItem = apps.get_model("nominations", "AgendaItem")
    Ballot.objects.filter(item__meeting__state="closed").delete()
    keys = {}
    for ballot in Ballot.objects.all().iterator():
        if ballot.item_id not in keys:
            keys[ballot.item_id] = ballot_box.new_key()
            AgendaItem.objects.filter(pk=ballot.item_id).update(ballot_key=keys[ballot.item_id])
        key = ballot_box.load_key(keys[ballot.item_id])
        new_id = uuid.uuid4()
        Ballot.objects.create(
            id=new_id,
            item_id=ballot.item_id,
            choice="",
            sealed=ballot_box.seal(key, ballot.item_id, new_id, ballot.choice),
        )
        ballot.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0012_revocation_ground"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="ballot_key",
            field=models.CharField(
                blank=True, editable=False, max_length=32, verbose_name="mã khóa hòm phiếu"
            ),
        ),
        migrations.AddField(
            model_name="ballot",
            name="sealed",
            field=models.BinaryField(default=b"", verbose_name="phiếu đã niêm phong"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="ballot",
            name="choice",
            field=models.CharField(blank=True, max_length=10, verbose_name="biểu quyết"),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RemoveField(model_name="ballot", name="choice"),
        migrations.CreateModel(
            name="PaperCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("committee", models.TextField(max_length=2000, verbose_name="ban kiểm phiếu")),
                ("issued", models.PositiveSmallIntegerField(verbose_name="số phiếu phát ra")),
                ("returned", models.PositiveSmallIntegerField(verbose_name="số phiếu thu vào")),
                (
                    "invalid",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="số phiếu không hợp lệ"
                    ),
                ),
                ("yes", models.PositiveSmallIntegerField(verbose_name="số phiếu đồng ý")),
                ("no", models.PositiveSmallIntegerField(verbose_name="số phiếu không đồng ý")),
                (
                    "abstain",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="số phiếu không biểu quyết"
                    ),
                ),
                ("note", models.TextField(blank=True, max_length=2000, verbose_name="ghi chú")),
                (
                    "recorded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="thời điểm ghi"),
                ),
                (
                    "item",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="paper_count",
                        to="nominations.agendaitem",
                        verbose_name="hồ sơ đưa ra cuộc họp",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người ghi",
                    ),
                ),
            ],
            options={
                "verbose_name": "biên bản kiểm phiếu",
                "verbose_name_plural": "biên bản kiểm phiếu",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "returned",
                                models.F("yes")
                                + models.F("no")
                                + models.F("abstain")
                                + models.F("invalid"),
                            ),
                            ("returned__lte", models.F("issued")),
                        ),
                        name="paper_count_adds_up",
                    )
                ],
            },
        ),
    ]
