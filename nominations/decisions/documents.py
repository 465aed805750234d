"""What the decision and the certificates say: wording rules of Nghị định 30/2020/NĐ-CP
(Phụ lục I, III) and of the award certificates, in one place.

Pure functions over the frozen copy (``Award`` printed fields, ``Issuer``) or, for what is
frozen at signature (the honorific, the achievement line), over the live rows. Every text
here is Vietnamese whatever the interface language: it is what the documents print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from campaigns.models import ARTEFACT_COMMENDATION, ARTEFACT_TITLE, NomineeKind
from emulation import numbering
from emulation.text import fold

if TYPE_CHECKING:
    from campaigns.models import Campaign
    from nominations.models import Award, Nomination, Nominee

ADULT_AGE = 18  # Bộ luật Dân sự 2015, Điều 20: an adult is 18 or over
KIND_WORDS = (
    (NomineeKind.INDIVIDUAL, "cá nhân"),
    (NomineeKind.COLLECTIVE, "tập thể"),
    (NomineeKind.HOUSEHOLD, "hộ gia đình"),
)
GROUP_TITLES = {
    NomineeKind.INDIVIDUAL: "Cá nhân",
    NomineeKind.COLLECTIVE: "Tập thể",
    NomineeKind.HOUSEHOLD: "Hộ gia đình",
}
ROMAN = ("I", "II", "III", "IV", "V")


# --------------------------------------------------------------------------- the awardee


def age_in(birth_year: int | None, on: dt.date) -> int | None:
    """Age reached in ``on``'s year (only the birth year is recorded), None when unknown."""
    return on.year - birth_year if birth_year else None


def honorific(nominee: Nominee, on: dt.date) -> str:
    """What the certificate prints before the awardee's name, on the decision date ``on``.

    Individual: "Em" under 18 (by birth year), else "Ông"/"Bà" by gender, "" when the gender is
    unknown. Collective: "Tập thể" (unless its name already says so). Household: "Hộ gia đình
    ông"/"Hộ gia đình bà" by the head's gender ("Hộ gia đình" when unknown), nothing when the
    name already starts with "Hộ".
    """
    folded = fold(nominee.full_name)
    if nominee.kind == NomineeKind.COLLECTIVE:
        return "" if folded.startswith("tap the") else "Tập thể"
    if nominee.kind == NomineeKind.HOUSEHOLD:
        if folded.startswith("ho "):
            return ""
        return {"male": "Hộ gia đình ông", "female": "Hộ gia đình bà"}.get(
            nominee.gender, "Hộ gia đình"
        )
    age = age_in(nominee.birth_year, on)
    if age is not None and age < ADULT_AGE:
        return "Em"
    return {"male": "Ông", "female": "Bà"}.get(nominee.gender, "")


def default_certificate_line(campaign: Campaign) -> str:
    """ "Đã có thành tích xuất sắc trong phong trào thi đua “Người tốt, việc tốt” năm 2026."."""
    return (
        f"Đã có thành tích xuất sắc trong phong trào thi đua “{campaign.name}” năm {campaign.year}."
    )


def certificate_line(nomination: Nomination) -> str:
    """The certificate's one achievement line: the secretary's reviewed line
    (``Nomination.certificate_line``), else the default; ends with one full stop.

    Never the public summary, which may hold health data (Nghị định 13/2023/NĐ-CP).
    """
    line = " ".join(nomination.certificate_line.split()).rstrip(" .;,")
    if not line:
        return default_certificate_line(nomination.campaign)
    return line[0].upper() + line[1:] + "."


def register_number(award: Award) -> str:
    """The award's number in the award register: the decision's number, the place in its list,
    the year ("125.03/2026"); "" before the decision is issued."""
    decision = award.decision
    if not decision.number or award.list_number is None:
        return ""
    return f"{decision.number_text}.{award.list_number:02d}/{decision.year}"


# --------------------------------------------------------------------------- the decision


class Printed(Protocol):
    """What the wording rules read of a printed award (the frozen fields)."""

    awardee_kind: str
    award_kind_name: str
    artefact: str


def counts_text(kinds: Iterable[str]) -> str:
    """ "05 cá nhân, 01 tập thể và 02 hộ gia đình": numbers below 10 with a leading zero."""
    kinds = list(kinds)
    parts = [
        f"{numbering.number_text(n)} {word}"
        for kind, word in KIND_WORDS
        if (n := kinds.count(kind))
    ]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " và " + parts[-1]
    return parts[0] if parts else ""


def _is_title(award_kind_name: str, artefact: str) -> bool:
    """A title is recognised ("công nhận danh hiệu"), whether it hands over a framed Bằng
    chứng nhận or money only (Lao động tiên tiến: ``artefact`` frozen as ""); a Giấy khen is
    given ("tặng")."""
    return artefact == ARTEFACT_TITLE or (not artefact and bool(award_kind_name))


def conferring(award_kind_name: str, artefact: str) -> str:
    """The verb and the award: "tặng Giấy khen của Chủ tịch …", "công nhận danh hiệu “…”"."""
    if _is_title(award_kind_name, artefact):
        return f"công nhận danh hiệu “{award_kind_name}”"
    return f"tặng {award_kind_name or ARTEFACT_COMMENDATION}"


def _by_kind(awards: Sequence[Printed]) -> list[tuple[str, str, list[str]]]:
    groups: dict[str, tuple[str, list[str]]] = {}
    for a in awards:
        groups.setdefault(a.award_kind_name, (a.artefact, []))[1].append(a.awardee_kind)
    return [(name, artefact, kinds) for name, (artefact, kinds) in groups.items()]


def article_one(awards: Sequence[Printed], campaign_name: str, campaign_year: int | None) -> str:
    """Điều 1 without its label: the form of award and the count of each kind of awardee.

    "Tặng Giấy khen của Chủ tịch … cho 05 cá nhân, 01 tập thể đã có thành tích xuất sắc trong
    phong trào thi đua “…” năm 2026 (có danh sách kèm theo)."
    """
    parts = [f"{conferring(n, a)} cho {counts_text(k)}" for n, a, k in _by_kind(awards)]
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:]
    if campaign_name:
        deed = f"trong phong trào thi đua “{campaign_name}”"
        if campaign_year:
            deed += f" năm {campaign_year}"
    else:
        deed = "đột xuất"
    return f"{text} đã có thành tích xuất sắc {deed} (có danh sách kèm theo)."


def default_title(awards: Sequence[Printed], campaign: Campaign | None) -> str:
    """Trích yếu saying what is decided: "Về việc tặng Giấy khen cho 05 cá nhân, 01 tập thể có
    thành tích trong phong trào thi đua “…” năm 2026" (the artefact, not the kind's long name;
    "khen thưởng" when the list mixes several forms of award)."""
    groups = _by_kind(awards)
    counts = counts_text(a.awardee_kind for a in awards)
    if len(groups) == 1:
        name, artefact, _kinds = groups[0]
        what = (
            conferring(name, artefact)
            if _is_title(name, artefact)
            else f"tặng {artefact or ARTEFACT_COMMENDATION}"
        )
        head = f"Về việc {what} cho {counts}"
    else:
        head = f"Về việc khen thưởng {counts}"
    if campaign is None:
        return f"{head} có thành tích xuất sắc đột xuất"
    return f"{head} có thành tích trong phong trào thi đua “{campaign.name}” năm {campaign.year}"


@dataclass(frozen=True)
class AnnexGroup:
    """One part of the annex: "I. Cá nhân" and its lines, numbered from 1 within the part."""

    number: str
    title: str
    lines: list


def annex_groups(lines: Sequence) -> list[AnnexGroup]:
    """The annex's lines (objects with ``.award``) in parts I. Cá nhân, II. Tập thể, III. Hộ
    gia đình, only the parts that have lines, numbered in that order; list order kept inside."""
    groups: list[AnnexGroup] = []
    for kind, _word in KIND_WORDS:
        found = [line for line in lines if line.award.awardee_kind == kind]
        if found:
            groups.append(AnnexGroup(ROMAN[len(groups)], GROUP_TITLES[kind], found))
    others = [line for line in lines if line.award.awardee_kind not in GROUP_TITLES]
    if others:  # an award frozen before the kind was recorded
        groups.append(AnnexGroup(ROMAN[len(groups)], "Khác", others))
    return groups


@dataclass(frozen=True)
class Bases:
    """The căn cứ lines, each ending ";" and the last "." and the proposal line ("Theo đề
    nghị của …."), as Nghị định 30/2020/NĐ-CP, Phụ lục I prints them."""

    lines: list[str]
    proposal: str


PROPOSAL_STARTS = ("theo de nghi", "xet de nghi")


def legal_bases(text: str, council: str) -> Bases:
    """Split the decision's căn cứ text into its bases and the proposal line.

    A line starting "Theo đề nghị" or "Xét đề nghị" is the proposal (the last such wins);
    without one, "Theo đề nghị của <council>." is added. Trailing ";", "," or "." are replaced
    by the punctuation the rule wants.
    """
    bases: list[str] = []
    proposal = ""
    for raw in text.splitlines():
        line = " ".join(raw.split()).rstrip(" ;,.")
        if not line:
            continue
        if fold(line).startswith(PROPOSAL_STARTS):
            proposal = line + "."
        else:
            bases.append(line)
    printed = [line + ";" for line in bases[:-1]] + [line + "." for line in bases[-1:]]
    return Bases(printed, proposal or f"Theo đề nghị của {council}.")


def executing_offices(level_label: str) -> str:
    """The issuer's offices that carry out a decision (its Điều 3): a district's Văn phòng,
    Phòng Nội vụ and Phòng Tài chính - Kế hoạch; a 2025 commune's Văn phòng HĐND và UBND,
    Phòng Văn hóa - Xã hội and Phòng Kinh tế (a ward's: Kinh tế, Hạ tầng và Đô thị),
    per Nghị định 150/2025/NĐ-CP on the commune's offices."""
    level = fold(level_label).strip()
    if level in ("phuong", "xa", "dac khu"):
        economy = "Kinh tế, Hạ tầng và Đô thị" if level == "phuong" else "Kinh tế"
        return (
            f"Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {level_label}, "
            f"Trưởng phòng Văn hóa - Xã hội, Trưởng phòng {economy}"
        )
    return "Chánh Văn phòng, Trưởng phòng Nội vụ, Trưởng phòng Tài chính - Kế hoạch"


def header_lines(name: str, level_label: str) -> list[str]:
    """An issuer's name broken where a clerk breaks it, before the level:
    "Ủy ban nhân dân quận Đống Đa" → ["Ủy ban nhân dân", "quận Đống Đa"] (the template sets
    the capitals). A name without that level stays on one line."""
    if level_label:
        at = fold(name).find(" " + fold(level_label) + " ")
        if at > 0:
            return [name[:at], name[at + 1 :]]
    return [name]


def collective(name: str, level_label: str) -> str:
    """The collective body a chairman signs for ("TM. ỦY BAN NHÂN DÂN"): the issuer's name
    before its level ("Ủy ban nhân dân quận Đống Đa" → "Ủy ban nhân dân")."""
    return header_lines(name, level_label)[0]
