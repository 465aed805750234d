"""The law in force, as data with its source: the one home of the legal seed rows.

The base-salary table, the legal texts decisions cite and the legal attributes of the award
kinds are listed here once; the data migrations (``campaigns/migrations``) and every demo profile
(``seed_demo``) install them with :func:`install`, and the administrator corrects the rows in the
admin afterwards (the rows, not this module, are the truth at run time).

At run time, :func:`legal_bases` and :func:`money_basis` read the rows in force on a decision's
date for its authority's level (``emulation.models.AuthorityLevel``).

Sources are named beside each row; what could not be confirmed is listed in docs/decisions.md
("The law in force, as data").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from emulation.models import REFORM_DAY, AuthorityLevel

D = Decimal
_DISTRICT, _COMMUNE = AuthorityLevel.DISTRICT, AuthorityLevel.COMMUNE

# (valid from, amount in đồng, legal basis cited in full)
BASE_SALARIES: list[tuple[dt.date, int, str]] = [
    (
        dt.date(2023, 7, 1),
        1_800_000,
        "Nghị định số 24/2023/NĐ-CP ngày 14 tháng 5 năm 2023 của Chính phủ",
    ),
    (
        dt.date(2024, 7, 1),
        2_340_000,
        "Nghị định số 73/2024/NĐ-CP ngày 30 tháng 6 năm 2024 của Chính phủ",
    ),
    (
        dt.date(2026, 7, 1),
        2_530_000,
        "Nghị định số 161/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ",
    ),
]

_LGL = "Tổ chức chính quyền địa phương"
_DECREE_98 = "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"
_DECREE_152 = (
    "quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết "
    "và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng"
)

# Each row: the fields of campaigns.models.LegalText. ``in_force_until`` is the first day a
# text no longer applies. Decree 98/2023 keeps applying to dossiers caught by the transition
# clause of Decree 152/2025; a decision signed from 01/7/2025 cites 152/2025.
LEGAL_TEXTS: list[dict[str, Any]] = [
    dict(
        kind="Luật",
        number="77/2015/QH13",
        signed_on=dt.date(2015, 6, 19),
        issuer="Quốc hội",
        subject=_LGL,
        in_force_from=dt.date(2016, 1, 1),
        in_force_until=dt.date(2025, 3, 1),
        order=10,
    ),
    dict(
        kind="Luật",
        number="65/2025/QH15",
        signed_on=dt.date(2025, 2, 19),
        issuer="Quốc hội",
        subject=_LGL,
        in_force_from=dt.date(2025, 3, 1),
        in_force_until=REFORM_DAY,
        order=10,
    ),
    dict(
        kind="Luật",
        number="72/2025/QH15",
        signed_on=dt.date(2025, 6, 16),
        issuer="Quốc hội",
        subject=_LGL,
        in_force_from=REFORM_DAY,
        in_force_until=None,
        order=10,
    ),
    dict(
        kind="Luật",
        number="06/2022/QH15",
        signed_on=dt.date(2022, 6, 15),
        issuer="Quốc hội",
        subject="Thi đua, khen thưởng",
        in_force_from=dt.date(2024, 1, 1),
        in_force_until=None,
        order=20,
    ),
    dict(
        kind="Nghị định",
        number="98/2023/NĐ-CP",
        signed_on=dt.date(2023, 12, 31),
        issuer="Chính phủ",
        subject=_DECREE_98,
        in_force_from=dt.date(2024, 1, 1),
        in_force_until=REFORM_DAY,
        governs_money=True,
        money_article="Điều 54",
        order=30,
    ),
    dict(
        kind="Nghị định",
        number="152/2025/NĐ-CP",
        signed_on=dt.date(2025, 6, 14),
        issuer="Chính phủ",
        subject=_DECREE_152,
        in_force_from=REFORM_DAY,
        # Its published metadata ends its validity on 01/3/2027 (a successor is expected):
        # left open here so decisions keep a basis until the administrator enters the successor.
        in_force_until=None,
        governs_money=True,
        money_article="Điều 54",
        order=30,
    ),
]

# The legal attributes of the award kinds, by name. Giấy khen rows (any name starting with
# "Giấy khen") take GIAY_KHEN. A coefficient source left "" is unverified (shown in the admin).
GIAY_KHEN: dict[str, Any] = dict(
    artefact="giay_khen",
    coefficient_source_individual="Nghị định 152/2025/NĐ-CP, Điều 54, khoản 1, điểm e",
    coefficient_source_collective=(
        "Gấp hai lần mức của cá nhân (Nghị định 91/2017/NĐ-CP, Điều 73; giữ tại Nghị định "
        "152/2025/NĐ-CP, Điều 54)"
    ),
    coefficient_source_household="",  # no source found: unverified
    by_district=True,
    by_commune=True,
    yearly_staff_title=False,
)
_TITLE_SOURCE = "Nghị định 152/2025/NĐ-CP, Điều 54 (giữ mức của Nghị định 98/2023/NĐ-CP)"
AWARD_KIND_LAW: dict[str, dict[str, Any]] = {
    "Lao động tiên tiến": dict(
        artefact="money_only",
        coefficient_source_individual=_TITLE_SOURCE,
        by_district=True,
        by_commune=True,
        yearly_staff_title=True,
    ),
    "Chiến sĩ thi đua cơ sở": dict(
        artefact="bang_chung_nhan",
        coefficient_source_individual=_TITLE_SOURCE,
        by_district=True,
        by_commune=True,
        yearly_staff_title=True,
    ),
    "Tập thể lao động tiên tiến": dict(
        artefact="money_only",
        coefficient_source_collective=_TITLE_SOURCE,
        by_district=True,
        by_commune=True,
        yearly_staff_title=True,
    ),
    "Tập thể lao động xuất sắc": dict(
        artefact="bang_chung_nhan",
        coefficient_source_collective=_TITLE_SOURCE,
        by_district=False,  # conferred by the province (Luật 2022, Điều 79), not at commune level
        by_commune=False,
        yearly_staff_title=True,
    ),
    "Tổ dân phố văn hóa": dict(
        artefact="bang_chung_nhan",
        coefficient_source_collective=_TITLE_SOURCE,
        by_district=True,
        by_commune=True,
        yearly_staff_title=False,
    ),
    "Gia đình văn hóa": dict(
        artefact="giay_khen",
        coefficient_source_household="",  # no source found: unverified
        by_district=False,  # conferred by the commune chairman (Luật 2022, Điều 80)
        by_commune=True,
        yearly_staff_title=False,
    ),
}


def award_kind_law(name: str) -> dict[str, Any]:
    """The legal attributes (fields of AwardKind) of the award kind called ``name``; {} if
    the law module does not know it."""
    if name.startswith("Giấy khen"):
        return dict(GIAY_KHEN)
    return dict(AWARD_KIND_LAW.get(name, {}))


def install(base_salary: Any, legal_text: Any, award_kind: Any | None = None) -> None:
    """Add the missing seed rows; rows already present (by date, by number) stay as the
    administrator left them. The arguments are the model classes (historical ones in a
    migration). With ``award_kind``, existing award kinds whose sources are all blank get the
    legal attributes of :func:`award_kind_law`."""
    for valid_from, amount, basis in BASE_SALARIES:
        base_salary.objects.get_or_create(
            valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis}
        )
    for row in LEGAL_TEXTS:
        fields = dict(row)
        legal_text.objects.get_or_create(
            kind=fields.pop("kind"), number=fields.pop("number"), defaults=fields
        )
    if award_kind is None:
        return
    for kind in award_kind.objects.all():
        law = award_kind_law(kind.name)
        untouched = not (
            kind.coefficient_source_individual
            or kind.coefficient_source_collective
            or kind.coefficient_source_household
        )
        if law and untouched:
            for field, value in law.items():
                setattr(kind, field, value)
            kind.save(update_fields=list(law))


# --------------------------------------------------------------------------- reading the law


def texts_in_force(on: dt.date, level: str) -> list[Any]:
    """LegalText rows in force on ``on`` for authorities of ``level``, in citation order."""
    from campaigns.models import LegalText

    rows = LegalText.objects.filter(in_force_from__lte=on).order_by("order", "in_force_from")
    return [t for t in rows if t.applies(on, level)]


CLOSING_LINE = "Xét đề nghị của Hội đồng Thi đua - Khen thưởng."


def legal_bases(on: dt.date, level: str) -> str:
    """The "Căn cứ" lines of a decision dated ``on`` by an authority of ``level``: one line per
    text in force that is cited, each ending ";", then :data:`CLOSING_LINE` (Nghị định
    30/2020/NĐ-CP, Phụ lục I: each cited in full, the last line ending ".")."""
    lines = [f"Căn cứ {t.citation()};" for t in texts_in_force(on, level) if t.cited_in_bases]
    return "\n".join([*lines, CLOSING_LINE])


def money_basis(on: dt.date, level: str) -> Any | None:
    """The LegalText that sets award money on ``on`` for ``level`` (the latest in force), or
    None when no row says so."""
    found = [t for t in texts_in_force(on, level) if t.governs_money]
    return max(found, key=lambda t: t.in_force_from) if found else None
