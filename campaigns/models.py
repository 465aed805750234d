"""What the district runs (campaigns) and what it can give (award kinds, money)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns import offers
from emulation.formats import dong
from emulation.models import AuthorityLevel, unique_slug
from emulation.text import fold


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class AwardForm(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    COMMENDATION = "commendation", _("Hình thức khen thưởng")


# What a certificate is called (its heading), by the form of award: a title (Chiến sĩ thi đua
# cơ sở, Tổ dân phố văn hóa …) comes with a "Bằng chứng nhận", a commendation is a "Giấy khen"
# (Nghị định 152/2025/NĐ-CP, Điều 54; docs/decisions.md "Certificates").
ARTEFACT_COMMENDATION = "Giấy khen"
ARTEFACT_TITLE = "Bằng chứng nhận"


class Denominator(models.TextChoices):
    ALL_MEMBERS = "all", _("Tổng số thành viên Hội đồng")
    PRESENT = "present", _("Số thành viên có mặt")


class Artefact(models.TextChoices):
    """What an award gives besides the money (Nghị định 152/2025/NĐ-CP, Điều 54)."""

    CERTIFICATE = "giay_khen", _("Giấy khen")
    FRAMED = "bang_chung_nhan", _("Bằng chứng nhận kèm khung")
    MONEY_ONLY = "money_only", _("Chỉ tiền thưởng")


_source_help = _(
    "Văn bản, điều, khoản quy định hệ số, ví dụ: Nghị định 152/2025/NĐ-CP, Điều 54, khoản 1, "
    "điểm e. Để trống khi chưa xác minh được nguồn."
)

_coef: dict[str, Any] = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0"), message=_("Hệ số tiền thưởng không được âm."))],
}


class AwardKind(models.Model):
    """An emulation title or a form of commendation, with its legal numbers as data."""

    name = models.CharField(_("tên"), max_length=150, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=150, unique=True, blank=True)
    form = models.CharField(_("loại"), max_length=20, choices=AwardForm.choices)
    for_individual = models.BooleanField(_("tặng cá nhân"), default=False)
    for_collective = models.BooleanField(_("tặng tập thể"), default=False)
    for_household = models.BooleanField(_("tặng hộ gia đình"), default=False)
    coefficient_individual = models.DecimalField(
        _("hệ số tiền thưởng (cá nhân)"), default=0, **_coef
    )
    coefficient_collective = models.DecimalField(
        _("hệ số tiền thưởng (tập thể)"), default=0, **_coef
    )
    coefficient_household = models.DecimalField(
        _("hệ số tiền thưởng (hộ gia đình)"), default=0, **_coef
    )
    coefficient_source_individual = models.CharField(
        _("nguồn hệ số (cá nhân)"), max_length=200, blank=True, help_text=_source_help
    )
    coefficient_source_collective = models.CharField(
        _("nguồn hệ số (tập thể)"), max_length=200, blank=True, help_text=_source_help
    )
    coefficient_source_household = models.CharField(
        _("nguồn hệ số (hộ gia đình)"), max_length=200, blank=True, help_text=_source_help
    )
    artefact = models.CharField(
        _("hiện vật kèm theo"),
        max_length=20,
        choices=Artefact.choices,
        default=Artefact.CERTIFICATE,
    )
    by_district = models.BooleanField(
        _("cấp huyện được tặng"),
        default=True,
        help_text=_("Chủ tịch UBND cấp huyện được tặng (Luật Thi đua, khen thưởng 2022, Điều 80)."),
    )
    by_commune = models.BooleanField(
        _("cấp xã được tặng"),
        default=True,
        help_text=_(
            "Chủ tịch UBND cấp xã được tặng (Luật Thi đua, khen thưởng 2022, Điều 80; "
            "Nghị định 152/2025/NĐ-CP về phân cấp)."
        ),
    )
    yearly_staff_title = models.BooleanField(
        _("danh hiệu hằng năm của cán bộ"),
        default=False,
        help_text=_(
            "Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến: đơn vị quản "
            "lý cán bộ đề nghị, mỗi năm một lần (Luật Thi đua, khen thưởng 2022, Điều 83)."
        ),
    )
    vote_threshold = models.DecimalField(
        _("ngưỡng biểu quyết"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Tỷ lệ phiếu đồng ý, ví dụ 0,5 là một nửa."),
    )
    threshold_strict = models.BooleanField(
        _("phải vượt ngưỡng"),
        default=True,
        help_text=_("Bật: phải trên ngưỡng (quá bán). Tắt: đạt ngưỡng là đủ."),
    )
    denominator = models.CharField(
        _("mẫu số biểu quyết"),
        max_length=10,
        choices=Denominator.choices,
        default=Denominator.ALL_MEMBERS,
    )
    secret_ballot = models.BooleanField(_("bỏ phiếu kín"), default=True)
    quota_percent = models.DecimalField(
        _("giới hạn tỷ lệ (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Ví dụ: Chiến sĩ thi đua cơ sở không quá 15 phần trăm số đạt Lao động tiên tiến."
        ),
    )
    quota_base = models.ForeignKey(
        "self",
        verbose_name=_("tính trên số đạt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    allows_simplified = models.BooleanField(_("được dùng thủ tục đơn giản"), default=False)
    requires_initiative = models.BooleanField(_("cần sáng kiến"), default=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu và hình thức khen thưởng")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name, "danh-hieu")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if not (self.for_individual or self.for_collective or self.for_household):
            raise ValidationError(_("Chọn ít nhất một đối tượng được tặng."))
        if self.quota_percent is not None and self.quota_base_id is None:
            raise ValidationError({"quota_base": _("Giới hạn tỷ lệ cần danh hiệu làm cơ sở.")})

    @property
    def certificate_heading(self) -> str:
        """What the award hands over, as printed: "Bằng chứng nhận" (a title, with its frame),
        "Giấy khen", or "" when the award is money only (Lao động tiên tiến). Read from
        :attr:`artefact`, the data an administrator sets (Nghị định 152/2025/NĐ-CP, Điều 54)."""
        headings: dict[str, str] = {
            Artefact.FRAMED: ARTEFACT_TITLE,
            Artefact.CERTIFICATE: ARTEFACT_COMMENDATION,
        }
        return headings.get(self.artefact, "")

    def fits(self, nominee_kind: str) -> bool:
        fitting: dict[str, bool] = {
            NomineeKind.INDIVIDUAL: self.for_individual,
            NomineeKind.COLLECTIVE: self.for_collective,
            NomineeKind.HOUSEHOLD: self.for_household,
        }
        return fitting.get(nominee_kind, False)

    def coefficient_for(self, nominee_kind: str) -> Decimal:
        """The award money's coefficient: times the base salary (đồng) for this kind of nominee."""
        coefficients: dict[str, Decimal] = {
            NomineeKind.INDIVIDUAL: self.coefficient_individual,
            NomineeKind.COLLECTIVE: self.coefficient_collective,
            NomineeKind.HOUSEHOLD: self.coefficient_household,
        }
        return coefficients[nominee_kind]

    def unverified_coefficients(self) -> list[str]:
        """The nominee kinds (values of :class:`NomineeKind`) this kind is given to whose
        coefficient is above zero but has no recorded source: shown as unverified in the admin."""
        rows = [
            (
                NomineeKind.INDIVIDUAL,
                self.for_individual,
                self.coefficient_individual,
                self.coefficient_source_individual,
            ),
            (
                NomineeKind.COLLECTIVE,
                self.for_collective,
                self.coefficient_collective,
                self.coefficient_source_collective,
            ),
            (
                NomineeKind.HOUSEHOLD,
                self.for_household,
                self.coefficient_household,
                self.coefficient_source_household,
            ),
        ]
        return [str(k) for k, given, coef, source in rows if given and coef and not source.strip()]

    def conferrable_by(self, level: str) -> bool:
        """May a chairman of an authority of this level (:class:`AuthorityLevel`) confer it?"""
        return self.by_commune if level == AuthorityLevel.COMMUNE else self.by_district


class BaseSalary(models.Model):
    """Mức lương cơ sở: a dated table, not a constant."""

    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(
        _("áp dụng từ ngày"),
        unique=True,
        error_messages={"unique": _("Đã có mức lương cơ sở áp dụng từ ngày này.")},
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{dong(self.amount)} ({self.valid_from:%d/%m/%Y})"

    @classmethod
    def in_force_on(cls, day: dt.date) -> BaseSalary:
        found = cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
        if found is None:
            raise cls.DoesNotExist(f"No base salary in force on {day:%d/%m/%Y}")
        return found


class LegalText(models.Model):
    """A legal text (văn bản quy phạm pháp luật) the decisions cite, with the period it applies
    to and the authority levels it serves: the "Căn cứ" lines and the money article of a
    decision are built from the rows in force on its date (``campaigns.law``). Cited in full as
    Nghị định 30/2020/NĐ-CP, Phụ lục I asks: type, number, date, issuer, subject."""

    kind = models.CharField(
        _("loại văn bản"), max_length=50, help_text=_("Luật, Nghị định, Thông tư, Nghị quyết…")
    )
    number = models.CharField(
        _("số, ký hiệu"), max_length=50, blank=True, help_text=_("Ví dụ: 152/2025/NĐ-CP")
    )
    signed_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=100, help_text=_("Ví dụ: Chính phủ, Quốc hội")
    )
    subject = models.CharField(
        _("trích yếu"),
        max_length=400,
        help_text=_("Với luật: tên luật (Thi đua, khen thưởng). Với văn bản khác: trích yếu."),
    )
    in_force_from = models.DateField(_("có hiệu lực từ ngày"))
    in_force_until = models.DateField(
        _("hết hiệu lực từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày đầu tiên văn bản không còn áp dụng; để trống nếu còn hiệu lực."),
    )
    for_district = models.BooleanField(_("áp dụng cho cấp huyện"), default=True)
    for_commune = models.BooleanField(_("áp dụng cho cấp xã"), default=True)
    cited_in_bases = models.BooleanField(_("trích dẫn ở phần căn cứ"), default=True)
    governs_money = models.BooleanField(
        _("quy định mức tiền thưởng"),
        default=False,
        help_text=_("Được dẫn ở điều khoản tiền thưởng của quyết định."),
    )
    money_article = models.CharField(
        _("điều quy định tiền thưởng"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Điều 54"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự trích dẫn"), default=0)
    source_url = models.CharField(
        _("nguồn văn bản"), max_length=300, blank=True, help_text=_("Ví dụ: đường dẫn vbpl.vn")
    )

    class Meta:
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("văn bản pháp luật")
        ordering = ["order", "in_force_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_force_until__isnull=True)
                | models.Q(in_force_until__gt=models.F("in_force_from")),
                name="legal_text_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.short_title

    def clean(self) -> None:
        super().clean()
        if self.in_force_from and self.in_force_until and self.in_force_until <= self.in_force_from:
            raise ValidationError(
                {"in_force_until": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")}
            )

    @property
    def is_law(self) -> bool:
        return fold(self.kind) in {"luat", "bo luat"}

    @property
    def short_title(self) -> str:
        """ "Nghị định số 152/2025/NĐ-CP", "Luật Thi đua, khen thưởng"."""
        if self.is_law or not self.number:
            return f"{self.kind} {self.subject}" if self.is_law else self.kind
        return f"{self.kind} số {self.number}"

    def citation(self) -> str:
        """The text cited in full, without "Căn cứ" nor the final punctuation: a law by its
        name and date (as decisions cite it), any other text by type, number, date, issuer and
        subject."""
        d = self.signed_on  # Nghị định 30/2020: days below 10 and months 1, 2 take a zero
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        day = f"ngày {d.day:02d} tháng {month} năm {d.year}"
        if self.is_law:
            return f"{self.kind} {self.subject} {day}"
        return f"{self.short_title} {day} của {self.issuer} {self.subject}"

    def applies(self, on: dt.date, level: str) -> bool:
        """In force on ``on`` and serving authorities of ``level``."""
        serves = self.for_commune if level == AuthorityLevel.COMMUNE else self.for_district
        until = self.in_force_until
        return serves and self.in_force_from <= on and (until is None or on < until)


class CampaignKind(models.TextChoices):
    ANNUAL = "annual", _("Thường xuyên (hằng năm)")
    THEMATIC = "thematic", _("Theo chuyên đề")
    SUDDEN = "sudden", _("Đột xuất")
    # The year's staff review: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động
    # tiên tiến, proposed by the unit managing the staff once a year (campaigns.offers).
    YEARLY_REVIEW = "yearly_review", _("Bình xét danh hiệu cuối năm")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Chuẩn bị")
    OPEN = "open", _("Đang phát động")
    CLOSED = "closed", _("Đã kết thúc")


class Field(models.TextChoices):
    """Lĩnh vực of an achievement."""

    EDUCATION = "education", _("Giáo dục")
    HEALTH = "health", _("Y tế")
    CHARITY = "charity", _("Từ thiện, nhân đạo")
    SECURITY = "security", _("An ninh, trật tự")
    CULTURE = "culture", _("Văn hóa")
    ECONOMY = "economy", _("Kinh tế")
    ENVIRONMENT = "environment", _("Môi trường")
    COMMUNITY = "community", _("Cộng đồng")


class CampaignQuerySet(models.QuerySet):
    def accepting_nominations(self, on: dt.date | None = None) -> CampaignQuerySet:
        """Open campaigns whose filing window holds ``on`` (today by default): from
        ``opens_on`` to ``deadline``, both days included. Callers choose the ordering.
        :meth:`Campaign.accepts_nominations` is the same rule for one campaign in memory."""
        on = on or timezone.localdate()
        return self.filter(status=CampaignStatus.OPEN, opens_on__lte=on, deadline__gte=on)


class Campaign(models.Model):
    """A phong trào thi đua, with its dates and the award kinds it offers."""

    name = models.CharField(_("tên phong trào"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=200, unique=True, blank=True)
    launched_by = models.CharField(_("đơn vị phát động"), max_length=200)
    summary = models.CharField(_("giới thiệu ngắn"), max_length=300, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    criteria = models.TextField(_("tiêu chí"), blank=True)
    kind = models.CharField(
        _("loại phong trào"),
        max_length=20,
        choices=CampaignKind.choices,
        default=CampaignKind.ANNUAL,
    )
    opens_on = models.DateField(_("ngày phát động"))
    deadline = models.DateField(_("hạn nộp hồ sơ"))
    closes_on = models.DateField(_("ngày kết thúc"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
        db_index=True,
    )
    award_kinds = models.ManyToManyField(
        AwardKind, verbose_name=_("hình thức khen thưởng"), related_name="campaigns", blank=True
    )
    cover_image = models.ImageField(_("ảnh bìa"), upload_to="campaigns/", blank=True)
    name_folded = models.CharField(_("tên không dấu"), max_length=200, editable=False, default="")

    objects = CampaignQuerySet.as_manager()

    # The award kinds a form is about to save (the admin's form sets them before the model's
    # validation runs); None: validate the saved ones. Never stored.
    offered_kinds: list[AwardKind] | None = None

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="campaign_deadline_after_open",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("deadline")),
                name="campaign_close_after_deadline",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = unique_slug(self, f"{self.name} {self.opens_on:%Y}", "phong-trao")
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            errors["deadline"] = _("Hạn nộp hồ sơ không được trước ngày phát động.")
        if self.deadline and self.closes_on and self.closes_on < self.deadline:
            errors["closes_on"] = _("Ngày kết thúc không được trước hạn nộp hồ sơ.")
        if errors:
            raise ValidationError(errors)
        offered = self.offered_kinds
        if offered is None:
            offered = list(self.award_kinds.all()) if self.pk else []
        refusals = offers.campaign_refusals(self, offered)
        if refusals:
            raise ValidationError(refusals)

    @property
    def year(self) -> int:
        return self.opens_on.year

    def accepts_nominations(self, today: dt.date | None = None) -> bool:
        """The rule of :meth:`CampaignQuerySet.accepting_nominations`, for this campaign."""
        today = today or timezone.localdate()
        return self.status == CampaignStatus.OPEN and self.opens_on <= today <= self.deadline
