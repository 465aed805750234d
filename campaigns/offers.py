"""Which award kinds a campaign may offer: the one home of the rule.

Luật Thi đua, khen thưởng 2022:

- Điều 83 khoản 1: the yearly staff titles (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập
  thể lao động tiên tiến: ``AwardKind.yearly_staff_title``) are proposed by the unit that
  manages the staff, once a year. They are offered only by the year's staff review
  (``CampaignKind.YEARLY_REVIEW``, "bình xét cuối năm"), one such campaign a year, and that
  campaign offers nothing else.
- Residents' movements (every other kind of campaign) offer the other kinds: Giấy khen, Tổ dân
  phố văn hóa, Gia đình văn hóa.
- Điều 80: an authority offers only what its chairman may confer at its level
  (``AwardKind.conferrable_by(Authority.level)``).

Called by ``Campaign.clean`` (the admin's form hands it the kinds being chosen), by the dossier
form and by ``nominations.workflow.check_eligibility``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from emulation.models import Authority, AuthorityLevel

if TYPE_CHECKING:
    from campaigns.models import AwardKind, Campaign

ARTICLE_83 = "Luật Thi đua, khen thưởng 2022, Điều 83 khoản 1"
ARTICLE_80 = "Luật Thi đua, khen thưởng 2022, Điều 80"


def _level_name(level: str) -> str:
    return _("cấp xã") if level == AuthorityLevel.COMMUNE else _("cấp huyện")


def current_level() -> str | None:
    """The level (:class:`AuthorityLevel`) of the authority in use; None when none is set up."""
    authority = Authority.current()
    return authority.level if authority is not None else None


def kind_refusal(campaign_kind: str, award_kind: AwardKind, level: str | None) -> str | None:
    """Why a campaign of ``campaign_kind`` (a :class:`CampaignKind` value) of an authority of
    ``level`` may not offer ``award_kind``, as a sentence citing the Law; None when it may."""
    from campaigns.models import CampaignKind

    if level is not None and not award_kind.conferrable_by(level):
        return _(
            "Chủ tịch Ủy ban nhân dân %(level)s không có thẩm quyền tặng “%(k)s” (%(law)s)."
        ) % {"level": _level_name(level), "k": award_kind.name, "law": ARTICLE_80}
    if campaign_kind == CampaignKind.YEARLY_REVIEW and not award_kind.yearly_staff_title:
        return _(
            "Đợt bình xét cuối năm chỉ xét các danh hiệu hằng năm của cán bộ (Lao động tiên "
            "tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến; %(law)s); “%(k)s” được "
            "xét trong các phong trào thi đua."
        ) % {"k": award_kind.name, "law": ARTICLE_83}
    if campaign_kind != CampaignKind.YEARLY_REVIEW and award_kind.yearly_staff_title:
        return _(
            "“%(k)s” là danh hiệu hằng năm của cán bộ, do đơn vị quản lý cán bộ đề nghị mỗi năm "
            "một lần (%(law)s): chỉ xét trong đợt bình xét cuối năm, không xét trong phong trào "
            "“%(c)s”."
        ) % {"k": award_kind.name, "law": ARTICLE_83, "c": CampaignKind(campaign_kind).label}
    return None


def campaign_refusals(
    campaign: Campaign, award_kinds: Iterable[AwardKind], level: str | None = None
) -> dict[str, list[str]]:
    """Every reason the campaign, offering ``award_kinds``, breaks the Law: field name
    ("award_kinds", "kind") → sentences; empty when it does not. ``level`` defaults to the
    current authority's. One query for the other yearly review of the year."""
    from campaigns.models import Campaign, CampaignKind

    level = level if level is not None else current_level()
    errors: dict[str, list[str]] = {}
    if campaign.kind:
        offered = [
            m for k in award_kinds if (m := kind_refusal(campaign.kind, k, level)) is not None
        ]
        if offered:
            errors["award_kinds"] = offered
    if campaign.kind == CampaignKind.YEARLY_REVIEW and campaign.opens_on:
        other = (
            Campaign.objects.filter(
                kind=CampaignKind.YEARLY_REVIEW, opens_on__year=campaign.opens_on.year
            )
            .exclude(pk=campaign.pk)
            .order_by("pk")
            .first()
        )
        if other is not None:
            errors["kind"] = [
                _(
                    "Năm %(y)s đã có đợt bình xét cuối năm “%(c)s”: danh hiệu hằng năm của cán bộ "
                    "chỉ được bình xét mỗi năm một lần (%(law)s)."
                )
                % {"y": campaign.opens_on.year, "c": other.name, "law": ARTICLE_83}
            ]
    return errors
