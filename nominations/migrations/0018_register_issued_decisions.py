"""Decisions already issued get their line in the authority's register of outgoing documents
(type QĐ), and the register's counters start where the retired DecisionCounter stopped.

Issued decisions were signed, numbered and published in one step: their registration and
publication times are the signature's; who registered and published them is not known (left
empty). Works on SQLite and PostgreSQL (plain ORM).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Decision = apps.get_model("nominations", "Decision")
    DecisionCounter = apps.get_model("nominations", "DecisionCounter")
    RegisterEntry = apps.get_model("emulation", "RegisterEntry")
    RegisterCounter = apps.get_model("emulation", "RegisterCounter")
    highest: dict[tuple[int, int], int] = {}
    issued = Decision.objects.filter(
        state="issued", number__isnull=False, register_entry__isnull=True
    ).order_by("pk")
    for decision in issued:
        year = decision.year or decision.decided_on.year
        entry = RegisterEntry.objects.filter(
            authority_id=decision.authority_id,
            unit__isnull=True,
            year=year,
            doc_type="QĐ",
            number=decision.number,
        ).first()
        if entry is None:
            entry = RegisterEntry.objects.create(
                authority_id=decision.authority_id,
                unit=None,
                year=year,
                doc_type="QĐ",
                number=decision.number,
                symbol=decision.symbol,
                registered_on=decision.decided_on,
                subject=decision.title[:500],
                signer_name=decision.signer_name[:150],
                registered_by=None,
                entered_by_hand=False,
            )
        if Decision.objects.filter(register_entry=entry).exists():
            continue
        Decision.objects.filter(pk=decision.pk).update(
            register_entry=entry,
            registered_at=decision.issued_at,
            published_at=decision.issued_at,
        )
        key = (decision.authority_id, year)
        highest[key] = max(highest.get(key, 0), decision.number)
    for counter in DecisionCounter.objects.all():
        key = (counter.authority_id, counter.year)
        highest[key] = max(highest.get(key, 0), counter.last_number)
    for (authority_id, year), last in highest.items():
        row, _ = RegisterCounter.objects.get_or_create(
            authority_id=authority_id, unit=None, year=year, doc_type="QĐ"
        )
        if row.last_number < last:
            row.last_number = last
            row.save(update_fields=["last_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0017_decision_lifecycle"),
        ("emulation", "0011_register"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
