"""Rows for the report tests: two wards, two campaign years, awards issued, revoked and draft."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from nominations.decisions import services as decisions
from nominations.models import Award, Decision
from tests import factories


def campaign(year: int, name: str, kinds=None):
    return factories.CampaignFactory(
        name=name,
        opens_on=dt.date(year, 1, 15),
        deadline=dt.date(year, 11, 30),
        closes_on=dt.date(year, 12, 31),
        status="closed",
        award_kinds=kinds,
    )


def decision(
    authority,
    number: int,
    state: str = "issued",
    day=dt.date(2025, 10, 1),
    title="Về việc khen thưởng gương người tốt, việc tốt",
):
    return Decision.objects.create(
        authority=authority,
        title=title,
        state=state,
        symbol="QĐ-UBND",
        number=number if state == "issued" else None,
        year=day.year if state == "issued" else None,
        decided_on=day if state == "issued" else None,
        authority_name=authority.name if state == "issued" else "",
    )


def award(dec, nomination, amount: int, revoked_by=None):
    """An award as issue() leaves it: money and printed fields frozen (``numbered`` then gives
    the list order)."""
    row = Award(
        decision=dec,
        nomination=nomination,
        amount=amount,
        coefficient="0.30",
        base_salary=2_340_000,
        revoked_by=revoked_by,
    )
    decisions.fill_award(row)
    row.save()
    return row


def numbered(dec) -> None:
    """Number the list as issue() does: by ward, then name."""
    awards = Award.objects.filter(decision=dec).order_by(*decisions.LIVE_ORDER)
    for number, row in enumerate(awards, start=1):
        Award.objects.filter(pk=row.pk).update(list_number=number)


@pytest.fixture
def report_data(authority, ward, other_ward):
    """Cát Linh: 3 dossiers in 2025 (1 awarded, 1 revoked, 1 draft), 1 in 2026 (submitted).
    Thịnh Quang: 2 in 2025 (1 awarded collective, 1 in review)."""
    giay_khen = factories.AwardKindFactory()
    c2025 = campaign(2025, "Người tốt, việc tốt", [giay_khen])
    c2026 = campaign(2026, "Người tốt, việc tốt", [giay_khen])
    nf = factories.NominationFactory
    tinh = nf(
        ward=ward,
        campaign=c2025,
        state="awarded",
        field="community",
        nominee__full_name="Nguyễn Đình Tính",
        nominee__gender="male",
        nominee__birth_year=1952,
        awarded_on=dt.date(2025, 10, 1),
    )
    revoked = nf(
        ward=ward,
        campaign=c2025,
        state="revoked",
        field="charity",
        nominee__full_name="Lê Văn Thu",
        nominee__gender="male",
    )
    draft = nf(
        ward=ward,
        campaign=c2025,
        state="draft",
        field="charity",
        nominee__full_name="Trần Văn Nháp",
        nominee__gender="male",
    )
    hong = nf(
        ward=ward,
        campaign=c2026,
        state="submitted",
        field="charity",
        nominee__full_name="Lê Thị Hồng",
        nominee__gender="female",
    )
    to_dan_pho = nf(
        ward=other_ward,
        campaign=c2025,
        state="awarded",
        field="community",
        nominee__full_name="Tổ dân phố số 12",
        nominee__kind="collective",
        nominee__gender="",
        nominee__birth_year=None,
        awarded_on=dt.date(2025, 10, 1),
    )
    mai = nf(
        ward=other_ward,
        campaign=c2025,
        state="in_review",
        field="education",
        nominee__full_name="Đoàn Thị Mai",
        nominee__gender="female",
    )
    issued = decision(authority, 125)
    revoking = decision(authority, 130, title="Về việc thu hồi")
    drafted = decision(authority, 0, state="draft", title="Dự thảo khen thưởng đợt 2")
    award(issued, tinh, 710_000)
    award(issued, to_dan_pho, 1_410_000)
    award(issued, revoked, 710_000, revoked_by=revoking)
    award(drafted, mai, 0)
    numbered(issued)
    return {
        "giay_khen": giay_khen,
        "c2025": c2025,
        "c2026": c2026,
        "tinh": tinh,
        "revoked": revoked,
        "draft": draft,
        "hong": hong,
        "to_dan_pho": to_dan_pho,
        "mai": mai,
        "issued": issued,
        "revoking": revoking,
        "drafted": drafted,
    }


def read_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def read_csv(response) -> list[list[str]]:
    import csv

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def values(ws, first_row: int = 1) -> list[list]:
    return [list(row) for row in ws.iter_rows(min_row=first_row, values_only=True)]
