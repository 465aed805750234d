"""Fill the frozen copy of decisions issued before it existed, from the live rows as they are
now (the same rules as nominations.decisions.services.freeze, restated here on the historical
models, as a migration must). Their PDF file is stored at the first download
(nominations.decisions.services.issued_pdf)."""

from django.db import migrations

HONORIFICS = {"male": "Ông", "female": "Bà"}


def _deed(summary: str) -> str:
    deed = summary.strip().rstrip(" .;")
    if len(deed) > 220:
        deed = deed[:219].rsplit(" ", 1)[0] + "…"
    if deed[:1].isupper() and not deed[1:2].isupper():
        deed = deed[0].lower() + deed[1:]
    return deed


def fill(apps, schema_editor):
    Decision = apps.get_model("nominations", "Decision")
    Award = apps.get_model("nominations", "Award")
    issued = Decision.objects.filter(state="issued").select_related("authority", "campaign")
    for decision in issued.iterator():
        authority, campaign = decision.authority, decision.campaign
        Decision.objects.filter(pk=decision.pk).update(
            authority_name=authority.name,
            authority_short_name=authority.short_name,
            authority_parent_name=authority.parent_name,
            authority_place=authority.place,
            campaign_name=campaign.name if campaign else "",
            campaign_year=campaign.opens_on.year if campaign else None,
        )
        if decision.kind != "award":
            continue
        awards = (
            Award.objects.filter(decision=decision)
            .select_related(
                "nomination__nominee",
                "nomination__ward",
                "nomination__award_kind",
                "nomination__campaign",
            )
            .order_by("nomination__ward__sort_key", "nomination__nominee__sort_key", "pk")
        )
        for number, award in enumerate(awards, start=1):
            nomination = award.nomination
            nominee = nomination.nominee
            individual = nominee.kind == "individual"
            Award.objects.filter(pk=award.pk).update(
                list_number=number,
                awardee_name=nominee.full_name,
                awardee_honorific=HONORIFICS.get(nominee.gender, "") if individual else "",
                awardee_kind=nominee.kind,
                awardee_position=nominee.position,
                awardee_workplace=nominee.workplace,
                unit_name=nomination.ward.name,
                award_kind_name=nomination.award_kind.name if nomination.award_kind else "",
                artefact="Giấy khen",
                campaign_name=nomination.campaign.name,
                achievement=_deed(nomination.public_summary),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0010_decision_snapshot"),
        ("emulation", "0008_sort_key_vietnamese_order"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
