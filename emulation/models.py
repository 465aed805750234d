"""Core models: the issuing authority, its wards (nominating units) and user accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from emulation.text import SORT_KEY_LENGTH, fold, unit_phrase, vietnamese_key, vn_slugify


def unique_slug(instance: models.Model, text: str, fallback: str) -> str:
    """A slug for ``instance`` from ``text`` that no other row of its model holds.

    "Người tốt, việc tốt 2026" → "nguoi-tot-viec-tot-2026", then "-2", "-3"… when taken;
    ``fallback`` (e.g. "phuong") when the text leaves nothing ("★★★"). Truncated to the field's
    ``max_length``. A concurrent insert of the same slug still meets the unique constraint.
    """
    model = type(instance)
    field = model._meta.get_field("slug")
    length = getattr(field, "max_length", None) or 50
    base = (vn_slugify(text) or fallback)[: length - 4].strip("-") or fallback
    others = (
        model._default_manager.exclude(pk=instance.pk)
        if instance.pk
        else model._default_manager.all()
    )
    slug, n = base, 1
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class AuthorityLevel(models.TextChoices):
    """The level of local government an authority belongs to: what it may confer and which
    legal texts it cites depend on it (Luật Thi đua, khen thưởng 2022, Điều 80; since
    01/7/2025 local government has two levels and districts no longer exist)."""

    DISTRICT = "district", _("Cấp huyện (quận, huyện; đến 30/6/2025)")
    COMMUNE = "commune", _("Cấp xã (phường, xã, đặc khu)")


# Two-level local government from this day: districts no longer exist (Nghị quyết
# 1656/NQ-UBTVQH15 for Hà Nội; Luật Tổ chức chính quyền địa phương 72/2025/QH15).
REFORM_DAY = dt.date(2025, 7, 1)


def lower_first(text: str) -> str:
    """ "Phường" → "phường", "Tổ dân phố" → "tổ dân phố"; an acronym ("UBND") is kept."""
    if text[:1].isupper() and not text[1:2].isupper():
        return text[0].lower() + text[1:]
    return text


def council_title(configured: str, level_label: str, place: str) -> str:
    """The council's name: the configured one, else "Hội đồng Thi đua - Khen thưởng" with the
    level and place ("… quận Đống Đa"; Luật Thi đua, khen thưởng 2022, Điều 88)."""
    if configured.strip():
        return configured.strip()
    return f"Hội đồng Thi đua - Khen thưởng {level_label} {place}".strip()


# A4 landscape is 210 mm high: a line placed lower would print on no sheet.
_ON_SHEET = [MaxValueValidator(200, _("Tờ A4 ngang cao 210 mm: nhập tối đa 200 mm."))]


class Authority(models.Model):
    """The issuing authority (e.g. UBND quận Đống Đa): configuration, not code.

    Since the 2025 reform the same code serves a new ward that nominates from its residential
    groups; only these rows change.
    """

    name = models.CharField(
        _("tên cơ quan"), max_length=200, help_text=_("Ví dụ: Ủy ban nhân dân quận Đống Đa")
    )
    short_name = models.CharField(_("tên ngắn"), max_length=100, help_text=_("Ví dụ: Quận Đống Đa"))
    parent_name = models.CharField(
        _("cơ quan cấp trên"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Ủy ban nhân dân thành phố Hà Nội"),
    )
    place = models.CharField(
        _("địa danh ghi ngày tháng"),
        max_length=100,
        help_text=_(
            "Tên đơn vị hành chính nơi cơ quan đóng trụ sở, không kèm cấp: ví dụ “Đống Đa” "
            "(in “Đống Đa, ngày … tháng … năm …”)."
        ),
    )
    decision_symbol = models.CharField(_("ký hiệu quyết định"), max_length=30, default="QĐ-UBND")
    cover_letter_symbol = models.CharField(_("ký hiệu tờ trình"), max_length=30, default="TTr-UBND")
    chairman_title = models.CharField(_("chức danh người ký"), max_length=100, default="Chủ tịch")
    chairman_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    unit_label = models.CharField(
        _("tên gọi đơn vị đề nghị"),
        max_length=50,
        default="Phường",
        help_text=_("Phường, Tổ dân phố, Cơ quan…"),
    )
    level = models.CharField(
        _("cấp chính quyền"),
        max_length=10,
        choices=AuthorityLevel.choices,
        default=AuthorityLevel.DISTRICT,
        help_text=_("Quyết định những hình thức được tặng và căn cứ pháp lý được trích dẫn."),
    )
    # Labels the documents and the pages print (issue #13, "Two levels of local government"):
    # the district's by default; a 2026 ward sets "phường" and "Tổ dân phố".
    level_label = models.CharField(
        _("cấp hành chính (viết thường)"),
        max_length=30,
        default="quận",
        help_text=_("Ví dụ: quận, huyện, phường, xã: in “quận Đống Đa” trong văn bản."),
    )
    council_name = models.CharField(
        _("tên Hội đồng Thi đua - Khen thưởng"),
        max_length=200,
        blank=True,
        help_text=_("Để trống: “Hội đồng Thi đua - Khen thưởng” kèm cấp và địa danh."),
    )
    # Certificates printed on pre-printed blanks: where the text goes, in millimetres from the
    # top (or from the left and right edges) of the A4 landscape sheet.
    blank_name_top_mm = models.PositiveSmallIntegerField(
        _("phôi in sẵn: dòng họ tên cách mép trên (mm)"), default=95, validators=_ON_SHEET
    )
    blank_achievement_top_mm = models.PositiveSmallIntegerField(
        _("phôi in sẵn: dòng thành tích cách mép trên (mm)"), default=120, validators=_ON_SHEET
    )
    blank_footer_top_mm = models.PositiveSmallIntegerField(
        _("phôi in sẵn: phần số quyết định và chữ ký cách mép trên (mm)"),
        default=140,
        validators=_ON_SHEET,
    )
    blank_side_mm = models.PositiveSmallIntegerField(
        _("phôi in sẵn: lề trái và lề phải (mm)"),
        default=30,
        validators=[MaxValueValidator(120, _("Lề không quá 120 mm: tờ A4 ngang rộng 297 mm."))],
    )
    is_current = models.BooleanField(_("đang dùng"), default=True)
    deadline_days_regular = models.PositiveSmallIntegerField(
        _("thời hạn giải quyết, thủ tục thông thường (ngày làm việc)"), default=10
    )
    deadline_days_simplified = models.PositiveSmallIntegerField(
        _("thời hạn giải quyết, thủ tục đơn giản (ngày làm việc)"), default=5
    )
    # The council (Hội đồng Thi đua - Khen thưởng): who chairs its meetings, whether the chair
    # votes, and how many members must be present (the minutes state it).
    council_chair = models.ForeignKey(
        "emulation.User",
        verbose_name=_("Chủ tịch Hội đồng (tài khoản)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    council_chair_name = models.CharField(
        _("Chủ tịch Hội đồng (họ tên)"),
        max_length=150,
        blank=True,
        help_text=_("Ghi khi Chủ tịch Hội đồng không có tài khoản trên hệ thống."),
    )
    council_chair_votes = models.BooleanField(
        _("Chủ tịch Hội đồng tham gia biểu quyết"), default=True
    )
    council_quorum = models.CharField(
        _("số thành viên có mặt tối thiểu"),
        max_length=20,
        choices=[
            ("two_thirds", _("Ít nhất hai phần ba tổng số thành viên")),
            ("majority", _("Quá nửa tổng số thành viên")),
        ],
        default="two_thirds",
    )

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")

    def __str__(self) -> str:
        return self.name

    @property
    def council(self) -> str:
        """The council's name as printed: "Hội đồng Thi đua - Khen thưởng quận Đống Đa"."""
        return council_title(self.council_name, self.level_label, self.place)

    @property
    def running_name(self) -> str:
        """The authority's unit in running text, level in lower case: "quận Đống Đa"."""
        return f"{self.level_label} {self.place}".strip()

    @property
    def unit_word(self) -> str:
        """The nominating unit's label in running text: "phường", "tổ dân phố"."""
        return lower_first(self.unit_label)

    @property
    def is_illustrative(self) -> bool:
        """A district-level authority after the reform day can only be an illustration (the
        district demo profile): pages then say that its model predates 01/7/2025."""
        return self.level == AuthorityLevel.DISTRICT and timezone.localdate() >= REFORM_DAY

    def unit_named(self, name: str) -> str:
        """A nominating unit inside a sentence: "phường Cát Linh", "Tổ dân phố số 5" (a unit
        named in full under a generic label; ``emulation.text.unit_phrase``); the name alone
        in another interface language (the configured label is Vietnamese only)."""
        if get_language() != "vi":
            return name
        return unit_phrase(self.unit_label, name)

    @classmethod
    def current(cls) -> Authority | None:
        return cls.objects.filter(is_current=True).order_by("pk").first()

    def deadline_days(self, procedure: str) -> int:
        """Working days (nominations.council.services.working_days_between: Monday to Friday, public
        holidays off) the council has to process a dossier of this procedure."""
        if procedure == "simplified":
            return self.deadline_days_simplified
        return self.deadline_days_regular

    @property
    def council_chair_display(self) -> str:
        """The chair's name: the account's full name, else the name entered ("" when unset)."""
        if self.council_chair is not None:
            return str(self.council_chair)
        return self.council_chair_name

    def has_quorum(self, present: int, total: int) -> bool:
        """``present`` of ``total`` members are enough to hold the meeting (exact arithmetic)."""
        if total <= 0:
            return False
        if self.council_quorum == "majority":
            return 2 * present > total
        return 3 * present >= 2 * total


class Ward(models.Model):
    """A nominating unit: a ward of the district (or a residential group of a new ward)."""

    name = models.CharField(_("tên"), max_length=100, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    code = models.CharField(_("mã"), max_length=20, unique=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    # Who signs the ward's tờ trình, and its symbol ("01/TTr-UBND").
    head_name = models.CharField(_("họ tên người ký tờ trình"), max_length=150, blank=True)
    head_title = models.CharField(
        _("chức danh người ký tờ trình"), max_length=100, default="Chủ tịch"
    )
    cover_letter_symbol = models.CharField(
        _("ký hiệu tờ trình của đơn vị"), max_length=30, default="TTr-UBND"
    )
    name_folded = models.CharField(_("tên không dấu"), max_length=100, editable=False, default="")
    # Vietnamese alphabetical order of the name (emulation.text.vietnamese_key), kept by save().
    sort_key = models.CharField(
        _("khóa sắp xếp theo tên"),
        max_length=SORT_KEY_LENGTH,
        editable=False,
        default="",
        db_index=True,
    )

    class Meta:
        verbose_name = _("phường")
        verbose_name_plural = _("phường")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = unique_slug(self, self.name, "phuong")
        self.name_folded = fold(self.name)
        self.sort_key = vietnamese_key(self.name)
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    WARD_OFFICER = "ward_officer", _("Cán bộ phường")
    SECRETARY = "secretary", _("Thư ký Hội đồng")
    MEMBER = "member", _("Thành viên Hội đồng")
    CHAIRMAN = "chairman", _("Chủ tịch UBND")
    DEPUTY = "deputy", _("Phó Chủ tịch UBND")
    ADMIN = "admin", _("Quản trị hệ thống")


class User(AbstractUser):
    """A staff account. Residents never have one."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(
        _("vai trò"), max_length=20, choices=Role.choices, default=Role.WARD_OFFICER
    )
    ward = models.ForeignKey(
        Ward,
        verbose_name=_("phường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.WARD_OFFICER) | models.Q(ward__isnull=False),
                name="ward_officer_has_ward",
                violation_error_message=_("Cán bộ phường phải thuộc một phường."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    def clean(self) -> None:
        super().clean()
        if self.role == Role.WARD_OFFICER and not self.ward_id:
            raise ValidationError({"ward": _("Cán bộ phường phải thuộc một phường.")})

    # Role predicates: plain facts about the account. What a role may do to an object is
    # answered by nominations.permissions.
    @property
    def is_ward_officer(self) -> bool:
        return self.is_active and self.role == Role.WARD_OFFICER and self.ward_id is not None

    @property
    def is_secretary(self) -> bool:
        return self.is_active and self.role == Role.SECRETARY

    @property
    def is_council_member(self) -> bool:
        return self.is_active and self.role == Role.MEMBER

    @property
    def is_chairman(self) -> bool:
        return self.is_active and self.role == Role.CHAIRMAN

    @property
    def is_deputy(self) -> bool:
        """A deputy chairman (Phó Chủ tịch): signs "KT. Chủ tịch" (on the chairman's behalf)."""
        return self.is_active and self.role == Role.DEPUTY

    @property
    def is_council(self) -> bool:
        return self.is_active and self.role in (
            Role.SECRETARY,
            Role.MEMBER,
            Role.CHAIRMAN,
            Role.DEPUTY,
        )


class Holiday(models.Model):
    """A public holiday off work, or a weekend day worked in exchange (ngày làm bù).

    Entered by the administrator from the Government's yearly announcement: lunar holidays and
    swapped days cannot be computed reliably. A year may be pre-filled from the standard
    calendar and compared with it (emulation.public_holidays); the rows here stay the truth.
    Deadlines in working days read this table only
    (nominations.council.services.working_days_between).
    """

    class Kind(models.TextChoices):
        OFF = "off", _("Ngày nghỉ")
        WORKDAY = "workday", _("Ngày làm bù")

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(
        _("tên"), max_length=150, help_text=_("Ví dụ: Tết Nguyên đán, Nghỉ bù Giỗ Tổ Hùng Vương")
    )
    kind = models.CharField(
        _("loại"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.OFF,
        help_text=_("Ngày làm bù: thứ Bảy hoặc Chủ nhật đi làm để hoán đổi cho một ngày nghỉ."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ lễ, tết")
        verbose_name_plural = _("ngày nghỉ lễ, tết")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"kind": _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")})


class AuditLog(models.Model):
    """One change made by a staff user: who, when, which object, field → [old, new].

    Written only by emulation.audit (model signals, and ``audit.record`` for two-factor
    sign-in events); readable by the administrator in the
    Django admin; never edited nor deleted through the application.
    """

    ACTIONS = [
        ("create", _("Tạo mới")),
        ("update", _("Sửa")),
        ("delete", _("Xóa")),
        # Two-factor sign-in events (emulation.accounts.services), logged on the user concerned.
        ("otp_enrol", _("Đăng ký xác thực hai lớp")),
        ("otp_reset", _("Đặt lại xác thực hai lớp")),
        ("otp_rescue", _("Đăng nhập bằng mã dự phòng")),
        ("otp_codes", _("Tạo lại mã dự phòng")),
    ]

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("tên đăng nhập"), max_length=150)
    action = models.CharField(_("thao tác"), max_length=10, choices=ACTIONS)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("loại dữ liệu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=200)
    changes = models.JSONField(_("thay đổi"), default=dict)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.actor_name} · {self.get_action_display()} · {self.object_repr}"


class FormSubmission(models.Model):
    """A one-time form token that has been used, and where its first submission led
    (emulation/once.py). A second post of the same form finds it and is sent there too."""

    key = models.CharField(_("khóa"), max_length=120, unique=True)
    result_url = models.CharField(_("địa chỉ kết quả"), max_length=500, blank=True)
    used_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lượt gửi biểu mẫu")
        verbose_name_plural = _("lượt gửi biểu mẫu")

    def __str__(self) -> str:
        return self.key


class DocumentType(models.TextChoices):
    """Types of outgoing document the app numbers (Nghị định 30/2020/NĐ-CP, Phụ lục III)."""

    DECISION = "QĐ", _("Quyết định")
    SUBMISSION = "TTr", _("Tờ trình")
    MINUTES = "BB", _("Biên bản")
    REPORT = "BC", _("Báo cáo")
    NOTICE = "TB", _("Thông báo")


class RegisterCounter(models.Model):
    """The last number given in one register: per issuer, year and document type.

    The issuer is the authority itself (``unit`` empty: UBND quận/phường) or one of its units
    (a ward's own tờ trình). The row is locked with ``select_for_update`` when a number is
    taken, so two clerks registering at once get consecutive numbers that never repeat.
    """

    authority = models.ForeignKey(
        Authority, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Ward,
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    doc_type = models.CharField(_("loại văn bản"), max_length=5, choices=DocumentType.choices)
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("bộ đếm sổ văn bản")
        verbose_name_plural = _("bộ đếm sổ văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "doc_type"],
                condition=models.Q(unit__isnull=True),
                name="one_counter_per_authority_year_type",
            ),
            models.UniqueConstraint(
                fields=["authority", "unit", "year", "doc_type"],
                condition=models.Q(unit__isnull=False),
                name="one_counter_per_unit_year_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.authority} {self.year} {self.doc_type}: {self.last_number}"


class RegisterEntry(models.Model):
    """One line of the register of outgoing documents (sổ đăng ký văn bản đi).

    Nghị định 30/2020/NĐ-CP, Điều 15 and Phụ lục I: the number is the order of registration at
    the issuer's văn thư, unique within the year for the issuer, restarting on 1 January.
    Written once by :func:`emulation.numbering.register`; never edited.
    """

    authority = models.ForeignKey(
        Authority, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Ward,
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    doc_type = models.CharField(_("loại văn bản"), max_length=5, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=30)
    registered_on = models.DateField(_("ngày văn bản"))
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    registered_by = models.ForeignKey(
        "emulation.User",
        verbose_name=_("người vào sổ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("thời điểm vào sổ"), auto_now_add=True)
    entered_by_hand = models.BooleanField(
        _("số do văn thư nhập"),
        default=False,
        help_text=_("Số lấy từ hệ thống quản lý văn bản của cơ quan, không do ứng dụng cấp."),
    )

    class Meta:
        verbose_name = _("sổ đăng ký văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")
        ordering = ["-year", "doc_type", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "doc_type", "number"],
                condition=models.Q(unit__isnull=True),
                name="register_number_unique_authority",
            ),
            models.UniqueConstraint(
                fields=["authority", "unit", "year", "doc_type", "number"],
                condition=models.Q(unit__isnull=False),
                name="register_number_unique_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.registered_on:%d/%m/%Y})"

    @property
    def reference(self) -> str:
        """ "05/QĐ-UBND"."""
        from emulation import numbering

        return numbering.reference(self.number, self.symbol)
