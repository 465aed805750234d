"""Award decisions (quyết định khen thưởng), their numbering and the awards they give."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, NomineeKind
from emulation import numbering
from emulation.models import Authority
from nominations.models.nomination import Nomination
from nominations.models.storage import decision_pdf_path, get_private_storage

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_verification_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


class DecisionState(models.TextChoices):
    """The decision's life at the office (Nghị định 30/2020/NĐ-CP, Điều 13–16): drafted by the
    secretary, submitted for signature (trình ký), signed by the chairman or a deputy,
    registered by the văn thư (number and date), published (phát hành). The stored value
    "issued" is the published state: every public page, export and statistic filters on it."""

    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Trình ký")
    SIGNED = "signed", _("Đã ký")
    REGISTERED = "registered", _("Đã vào sổ")
    ISSUED = "issued", _("Đã phát hành")


# From signing on, the row is frozen: only the lifecycle services write it.
FROZEN_STATES = (DecisionState.SIGNED, DecisionState.REGISTERED, DecisionState.ISSUED)


class DecisionKind(models.TextChoices):
    AWARD = "award", _("Khen thưởng")
    REVOCATION = "revocation", _("Thu hồi, hủy bỏ")


@dataclass(frozen=True)
class RevocationGround:
    """One ground on which the Law cancels an award decision and recovers its artefact and
    money (Luật Thi đua, khen thưởng 2022, Điều 93 khoản 2).

    ``code`` is stored on the revocation (never reused for another text); ``article`` is the
    citation printed after the reason; ``text`` the Law's wording, printed in the decision;
    ``label`` the short form shown on the draft form.
    """

    code: str
    article: str
    text: str
    label: StrOrPromise


LAW_2022 = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
# Luật Thi đua, khen thưởng số 06/2022/QH15, Chương VII "Xử lý vi phạm", Điều 93 khoản 2:
# "Quyết định tặng danh hiệu thi đua, hình thức khen thưởng bị hủy bỏ, hiện vật khen thưởng và
# tiền thưởng bị thu hồi trong các trường hợp sau đây" (points a to d, wording as published).
REVOCATION_GROUNDS: tuple[RevocationGround, ...] = (
    RevocationGround(
        "93.2.a",
        "điểm a khoản 2 Điều 93 " + LAW_2022,
        "có hành vi gian dối trong việc kê khai công trạng, thành tích để được tặng danh hiệu "
        "thi đua, hình thức khen thưởng",
        _("Gian dối trong kê khai công trạng, thành tích (điểm a khoản 2 Điều 93)"),
    ),
    RevocationGround(
        "93.2.b",
        "điểm b khoản 2 Điều 93 " + LAW_2022,
        "cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ để đề nghị tặng danh hiệu "
        "thi đua, hình thức khen thưởng",
        _("Thông tin sai sự thật, làm giả hồ sơ, giấy tờ (điểm b khoản 2 Điều 93)"),
    ),
    RevocationGround(
        "93.2.c",
        "điểm c khoản 2 Điều 93 " + LAW_2022,
        "thẩm định, xét, duyệt, đề nghị danh hiệu thi đua, hình thức khen thưởng trái quy định "
        "của pháp luật",
        _("Thẩm định, xét, duyệt, đề nghị trái quy định của pháp luật (điểm c khoản 2 Điều 93)"),
    ),
    RevocationGround(
        "93.2.d",
        "điểm d khoản 2 Điều 93 " + LAW_2022,
        "có kết luận, quyết định, bản án của cơ quan có thẩm quyền về việc người đã được khen "
        "thưởng có vi phạm, khuyết điểm dẫn đến không bảo đảm tiêu chuẩn khen thưởng trong "
        "khoảng thời gian tính thành tích",
        _(
            "Kết luận, quyết định, bản án về vi phạm, khuyết điểm làm không bảo đảm tiêu chuẩn "
            "(điểm d khoản 2 Điều 93)"
        ),
    ),
)
GROUNDS_BY_CODE = {g.code: g for g in REVOCATION_GROUNDS}
REVOCATION_GROUND_CHOICES = [(g.code, g.label) for g in REVOCATION_GROUNDS]


def _frozen_in_db(decision_id: int) -> bool:
    return Decision.objects.filter(pk=decision_id, state__in=FROZEN_STATES).exists()


class DecisionCounter(models.Model):
    """Retired: the last decision number per authority and year, before numbers came from the
    authority's register (``emulation.models.RegisterCounter``, seeded from these rows by
    migration 0090). Kept read-only for the record; nothing writes it any more."""

    authority = models.ForeignKey(
        Authority, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ theo dõi số quyết định")
        verbose_name_plural = _("sổ theo dõi số quyết định")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year"], name="one_counter_per_authority_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}: {self.last_number}"


class Decision(models.Model):
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(
        _("loại"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.AWARD
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    legal_bases = models.TextField(_("căn cứ"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DecisionState.choices,
        default=DecisionState.DRAFT,
        db_index=True,
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=30, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức danh người ký"), max_length=150, blank=True)
    revokes = models.ForeignKey(
        "self",
        verbose_name=_("thu hồi quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_by",
    )
    # A revocation's ground (Law 2022, Điều 93 khoản 2: REVOCATION_GROUNDS, by code) and the
    # particulars the secretary writes (the inspection's conclusion, the judgment…); empty on
    # award decisions and on revocation drafts made before grounds were recorded.
    revocation_ground = models.CharField(
        _("căn cứ hủy bỏ"), max_length=10, choices=REVOCATION_GROUND_CHOICES, blank=True
    )
    revocation_reason = models.TextField(_("lý do hủy bỏ, thu hồi"), blank=True)
    # A revocation names the awards of ``revokes`` it revokes (some awardees, not necessarily
    # all). Empty on drafts made before this field existed: they revoke every award still
    # valid when issued. Not editable in any form (the admin would list every award).
    target_awards = models.ManyToManyField(
        "nominations.Award",
        verbose_name=_("khen thưởng bị thu hồi"),
        blank=True,
        editable=False,
        related_name="revocations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn thảo"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("ngày soạn thảo"), auto_now_add=True)
    # Each step of the life: who and when. ``issued_by``/``issued_at`` is the signature
    # (the chairman or deputy who signed), as before the steps were split.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình ký"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("thời điểm trình ký"), null=True, blank=True)
    returned_reason = models.TextField(_("lý do trả lại dự thảo"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    issued_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    signed_on_paper = models.BooleanField(_("ký trên giấy"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người vào sổ"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    registered_at = models.DateTimeField(_("thời điểm vào sổ"), null=True, blank=True)
    register_entry = models.OneToOneField(
        "emulation.RegisterEntry",
        verbose_name=_("số đăng ký văn bản đi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="decision",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phát hành"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("thời điểm phát hành"), null=True, blank=True)
    # What the signer read and accepted when signing over warnings (quota, already awarded): the
    # warnings, one per line, and the signer's name as it was then.
    acknowledged_warnings = models.TextField(_("cảnh báo đã được xác nhận"), blank=True)
    acknowledged_by_name = models.CharField(
        _("người xác nhận cảnh báo"), max_length=150, blank=True
    )
    # Frozen at signature (nominations.decisions.services.freeze): what the issued documents
    # print, copied from the live rows when the chairman signs; empty on drafts, which print
    # the live rows. Plain columns, so the admin and the exports read them.
    authority_name = models.CharField(_("tên cơ quan (khi ký)"), max_length=200, blank=True)
    authority_short_name = models.CharField(_("tên ngắn (khi ký)"), max_length=100, blank=True)
    authority_parent_name = models.CharField(
        _("cơ quan cấp trên (khi ký)"), max_length=200, blank=True
    )
    authority_place = models.CharField(_("địa danh (khi ký)"), max_length=100, blank=True)
    authority_level_label = models.CharField(
        _("cấp hành chính (khi ký)"), max_length=30, blank=True
    )
    authority_unit_label = models.CharField(
        _("tên gọi đơn vị đề nghị (khi ký)"), max_length=50, blank=True
    )
    authority_council_name = models.CharField(
        _("tên Hội đồng Thi đua - Khen thưởng (khi ký)"), max_length=200, blank=True
    )
    campaign_name = models.CharField(_("tên phong trào (khi ký)"), max_length=200, blank=True)
    campaign_year = models.PositiveSmallIntegerField(
        _("năm phong trào (khi ký)"), null=True, blank=True
    )
    # The PDF issued (later: the digitally signed file), written before the row points at it;
    # served as stored, never rendered again.
    pdf = models.FileField(
        _("tệp quyết định (PDF)"),
        storage=get_private_storage,
        upload_to=decision_pdf_path,
        max_length=200,
        blank=True,
        editable=False,
    )
    pdf_sha256 = models.CharField(
        _("mã băm SHA-256 của tệp"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-year", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "number"], name="decision_number_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"{self.get_state_display()}: {self.title}"

    # Immutability: once signed, the row is never saved or deleted again, by any role, the
    # admin included; the lifecycle steps of nominations.decisions.services (register,
    # publish) set ``_lifecycle_write`` for the one save each makes.
    _lifecycle_write = False

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and not self._lifecycle_write and _frozen_in_db(self.pk):
            raise ValidationError(_("Quyết định đã ký, không thể sửa đổi."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.pk and _frozen_in_db(self.pk):
            raise ValidationError(_("Quyết định đã ký, không thể xóa."))
        return super().delete(*args, **kwargs)

    @property
    def reference(self) -> str:
        """ "125/QĐ-UBND", or "" while a draft."""
        return numbering.reference(self.number, self.symbol) if self.number else ""

    @property
    def number_text(self) -> str:
        """ "05", or "" while a draft."""
        return numbering.number_text(self.number) if self.number else ""

    @property
    def ground(self) -> RevocationGround | None:
        """The revocation's ground (with its article), or None."""
        return GROUNDS_BY_CODE.get(self.revocation_ground)

    @property
    def is_issued(self) -> bool:
        """Published (phát hành): awards in force, documents public."""
        return self.state == DecisionState.ISSUED

    @property
    def is_frozen(self) -> bool:
        """Signed or later: the documents print the frozen copy; nothing is edited."""
        return self.state in FROZEN_STATES

    @property
    def is_pending(self) -> bool:
        """Not yet published: its dossiers are held (no other draft may take them)."""
        return self.state != DecisionState.ISSUED

    @property
    def signs_on_behalf(self) -> bool:
        """Signed by a deputy for the chairman ("KT. Chủ tịch"): the frozen title is a deputy's
        ("Phó Chủ tịch", see nominations.decisions.services.signer_of)."""
        return self.signer_title.casefold().startswith("phó ")

    @property
    def head_title(self) -> str:
        """The title the decision is issued in the name of ("Chủ tịch"), also when a deputy
        signed it; "" on a draft."""
        if self.signs_on_behalf:
            rest = self.signer_title[len("phó ") :].strip()
            return rest[:1].upper() + rest[1:]
        return self.signer_title


class AwardQuerySet(models.QuerySet):
    def issued(self) -> AwardQuerySet:
        """Awards of issued award decisions, revoked or not (a revoked certificate's code still
        answers, saying so)."""
        return self.filter(decision__state=DecisionState.ISSUED, decision__kind=DecisionKind.AWARD)

    def valid(self) -> AwardQuerySet:
        """Issued and not revoked: the awards a person holds, the money that counts."""
        return self.issued().filter(revoked_by__isnull=True)

    def signed(self) -> AwardQuerySet:
        """Awards of award decisions already signed (signed, registered or published), not
        revoked: what a new signature must count with (quotas, the same person twice), since a
        signed decision is published whatever the next one does."""
        return self.filter(
            decision__state__in=FROZEN_STATES,
            decision__kind=DecisionKind.AWARD,
            revoked_by__isnull=True,
        )


class Award(models.Model):
    """One award of a decision. Money is frozen when the decision is issued."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="awards"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2, default=0)
    base_salary = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"), default=0)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), default=0)
    verification_code = models.CharField(
        _("mã xác minh"), max_length=12, unique=True, default=new_verification_code
    )
    revoked_by = models.ForeignKey(
        Decision,
        verbose_name=_("bị thu hồi theo quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_awards",
    )

    # Frozen at signature (nominations.decisions.services.freeze), like the money: what the
    # decision's list, the certificate, the verification page and the exports print.
    list_number = models.PositiveIntegerField(_("số thứ tự trong danh sách"), null=True, blank=True)
    awardee_name = models.CharField(
        _("họ và tên / tên tập thể (khi ký)"), max_length=200, blank=True
    )
    # Printed before the name on the certificate: "Ông", "Bà", "Em", "Tập thể", "Hộ gia đình
    # ông" (nominations.decisions.services.honorific).
    awardee_honorific = models.CharField(_("danh xưng"), max_length=30, blank=True)
    awardee_kind = models.CharField(
        _("đối tượng (khi ký)"), max_length=20, choices=NomineeKind.choices, blank=True
    )
    awardee_position = models.CharField(
        _("chức vụ, nghề nghiệp (khi ký)"), max_length=200, blank=True
    )
    awardee_workplace = models.CharField(
        _("nơi công tác / tổ dân phố (khi ký)"), max_length=200, blank=True
    )
    unit_name = models.CharField(_("phường (khi ký)"), max_length=100, blank=True)
    award_kind_name = models.CharField(
        _("hình thức khen thưởng (khi ký)"), max_length=150, blank=True
    )
    artefact = models.CharField(_("hiện vật (khi ký)"), max_length=100, blank=True)
    campaign_name = models.CharField(_("phong trào (khi ký)"), max_length=200, blank=True)
    # The whole line, as printed ("Đã có thành tích xuất sắc trong phong trào thi đua …").
    achievement = models.CharField(_("thành tích ghi trên giấy khen"), max_length=600, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "nomination"], name="one_award_per_nomination_per_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nomination.nominee} — {self.decision}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one later change an issued award may take: the decision that revokes it.
        revoking = set(kwargs.get("update_fields") or ()) == {"revoked_by"}
        if self.pk and not revoking and _frozen_in_db(self.decision_id):
            raise ValidationError(_("Khen thưởng của quyết định đã ký không thể sửa đổi."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if _frozen_in_db(self.decision_id):
            raise ValidationError(_("Khen thưởng của quyết định đã ký không thể xóa."))
        return super().delete(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_by_id is not None
