"""Nominee and Nomination (hồ sơ đề nghị khen thưởng), its files and its history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.models import AwardKind, Campaign, Field, NomineeKind
from emulation.models import Ward
from emulation.phone import validate_phone
from emulation.text import SORT_KEY_LENGTH, fold, name_sort_key
from nominations.models.storage import evidence_path, get_private_storage, photo_path


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


def nominee_sort_key(full_name: str, kind: str) -> str:
    """The list order of a nominee: a person by given name then the rest, a collective or a
    household by its full name from the first word (:func:`emulation.text.name_sort_key`)."""
    return name_sort_key(full_name, person=kind == NomineeKind.INDIVIDUAL)


class Nominee(models.Model):
    """Who is nominated: a person, a collective or a household of one ward.

    Private fields (phone, address, birth date) never reach public pages.
    """

    ward = models.ForeignKey(
        Ward, verbose_name=_("phường"), on_delete=models.PROTECT, related_name="nominees"
    )
    kind = models.CharField(
        pgettext_lazy("nominee", "đối tượng"),
        max_length=20,
        choices=NomineeKind.choices,
        default=NomineeKind.INDIVIDUAL,
    )
    full_name = models.CharField(_("họ và tên / tên tập thể"), max_length=200)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ, nghề nghiệp"), max_length=200, blank=True)
    workplace = models.CharField(_("nơi công tác / tổ dân phố"), max_length=200, blank=True)
    phone = models.CharField(
        _("số điện thoại (không công khai)"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
    )
    member_count = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    head_name = models.CharField(_("người đứng đầu / chủ hộ"), max_length=200, blank=True)
    address = models.CharField(_("địa chỉ (không công khai)"), max_length=300, blank=True)
    name_folded = models.CharField(
        _("tên không dấu"), max_length=200, editable=False, default="", db_index=True
    )
    # Vietnamese order (nominee_sort_key): lists sort on it, search never does (name_folded).
    sort_key = models.CharField(
        _("khóa sắp xếp theo tên"),
        max_length=SORT_KEY_LENGTH,
        editable=False,
        default="",
        db_index=True,
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("người được đề nghị")
        verbose_name_plural = _("người được đề nghị")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold(self.full_name)
        self.sort_key = nominee_sort_key(self.full_name, self.kind)
        super().save(*args, **kwargs)


def person_key(nominee: Nominee) -> str:
    """Who a dossier is about, as one string: ward, folded name, birth year
    ("12:nguyen van an:1970"; "12:to dan pho so 3:" without a birth year). Two active dossiers
    of one campaign never share it (the ``one_active_nomination_per_person`` constraint), even
    when two requests created two ``Nominee`` rows for the same person at the same instant."""
    folded = nominee.name_folded or fold(nominee.full_name)
    return f"{nominee.ward_id}:{folded}:{nominee.birth_year or ''}"


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để bổ sung")
    IN_REVIEW = "in_review", _("Đang xét duyệt")
    RECOMMENDED = "recommended", _("Được đề nghị khen thưởng")
    NOT_RECOMMENDED = "not_recommended", _("Không được đề nghị")
    AWARDED = "awarded", _("Đã khen thưởng")
    REVOKED = "revoked", _("Đã thu hồi")
    WITHDRAWN = "withdrawn", _("Đã rút")


# States in which a nominee "holds" the campaign: a second dossier is refused.
ACTIVE_STATES = [
    NominationState.DRAFT,
    NominationState.SUBMITTED,
    NominationState.RETURNED,
    NominationState.IN_REVIEW,
    NominationState.RECOMMENDED,
    NominationState.AWARDED,
]


# States the secretary's review queue shows by default (nominations.council), and its index.
QUEUE_STATES = [NominationState.SUBMITTED, NominationState.IN_REVIEW, NominationState.RECOMMENDED]


class Procedure(models.TextChoices):
    REGULAR = "regular", _("Thủ tục thông thường")
    SIMPLIFIED = "simplified", _("Thủ tục đơn giản")


# What a public page may show: awarded (a revoked award moves the dossier to "revoked") and
# consenting. One definition for NominationQuerySet.public() and the partial indexes below.
PUBLIC = {"state": NominationState.AWARDED, "consent_public": True}


class NominationQuerySet(models.QuerySet):
    def public(self) -> NominationQuerySet:
        """Awarded, consenting, not revoked: the only nominations a public page may show.
        :attr:`Nomination.is_public` is the same rule for one dossier in memory."""
        return self.filter(**PUBLIC)


class Nomination(models.Model):
    """A dossier. Its state changes only through nominations.workflow."""

    ward = models.ForeignKey(
        Ward, verbose_name=_("phường"), on_delete=models.PROTECT, related_name="nominations"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominee = models.ForeignKey(
        Nominee,
        verbose_name=_("người được đề nghị"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    award_kind = models.ForeignKey(
        AwardKind,
        verbose_name=_("hình thức đề nghị"),
        on_delete=models.PROTECT,
        related_name="nominations",
        null=True,
        blank=True,
    )
    procedure = models.CharField(
        _("thủ tục"), max_length=20, choices=Procedure.choices, default=Procedure.REGULAR
    )
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices, blank=True)
    public_summary = models.CharField(
        _("tóm tắt thành tích (công khai)"), max_length=600, blank=True
    )
    achievement_report = models.TextField(_("báo cáo thành tích"), blank=True)
    # The one line the certificate prints, reviewed by the council's secretary; empty: the
    # default line (nominations.decisions.services.certificate_line). Never the public summary,
    # which may hold health data (Nghị định 13/2023/NĐ-CP).
    certificate_line = models.CharField(
        _("thành tích ghi trên giấy khen"),
        max_length=300,
        blank=True,
        help_text=_(
            "Một dòng, do thư ký Hội đồng duyệt. Để trống: “Đã có thành tích xuất sắc trong "
            "phong trào thi đua “…” năm …”."
        ),
    )
    story = models.TextField(_("câu chuyện (công khai)"), blank=True)
    period_start = models.DateField(_("thời gian từ"), null=True, blank=True)
    period_end = models.DateField(_("đến"), null=True, blank=True)
    # Set only by nominations.consent from the dossier's Consent records (what the person
    # agreed to show): the name and achievements, the photo, the story.
    consent_public = models.BooleanField(_("đồng ý công khai"), default=False)
    consent_photo = models.BooleanField(_("đồng ý công khai ảnh"), default=False)
    consent_story = models.BooleanField(_("đồng ý công khai câu chuyện"), default=False)
    # The public story is shown only once a named staff member approved its current text.
    story_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt câu chuyện"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    story_approved_at = models.DateTimeField(
        _("thời điểm duyệt câu chuyện"), null=True, blank=True, editable=False
    )
    # Keys ("phone:0912 345 678") of the checker's hits that staff confirmed may be public.
    privacy_confirmed = models.JSONField(
        _("thông tin đã xác nhận được công khai"), default=list, blank=True, editable=False
    )
    featured = models.BooleanField(_("nổi bật trên trang chủ"), default=False)
    initiative = models.CharField(_("sáng kiến được công nhận"), max_length=300, blank=True)

    # The photo and its sizes live in private storage (served to staff through a permission
    # check); public_medium and public_thumb are copies that exist only while the exemplar and
    # its photo are public (nominations.consent.sync_public_photo).
    photo = models.ImageField(
        _("ảnh (bản gốc đã làm sạch)"),
        storage=get_private_storage,
        upload_to=photo_path,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(
        _("chiều rộng ảnh"), null=True, blank=True, editable=False
    )
    photo_height = models.PositiveIntegerField(
        _("chiều cao ảnh"), null=True, blank=True, editable=False
    )
    photo_medium = models.ImageField(
        _("ảnh cỡ vừa"),
        storage=get_private_storage,
        upload_to=photo_path,
        blank=True,
        editable=False,
    )
    photo_thumb = models.ImageField(
        _("ảnh thu nhỏ"),
        storage=get_private_storage,
        upload_to=photo_path,
        blank=True,
        editable=False,
    )
    public_medium = models.ImageField(
        _("ảnh cỡ vừa công khai"), upload_to=photo_path, blank=True, editable=False
    )
    public_thumb = models.ImageField(
        _("ảnh thu nhỏ công khai"), upload_to=photo_path, blank=True, editable=False
    )
    thumb_width = models.PositiveIntegerField(
        _("chiều rộng ảnh thu nhỏ"), null=True, blank=True, editable=False
    )
    thumb_height = models.PositiveIntegerField(
        _("chiều cao ảnh thu nhỏ"), null=True, blank=True, editable=False
    )

    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=NominationState.choices,
        default=NominationState.DRAFT,
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    cover_letter_number = models.CharField(_("số tờ trình"), max_length=50, blank=True)
    # The unit's own review (biên bản họp xét của đơn vị): its date always (the tờ trình cites
    # it); who attended and the vote when no minutes file (Evidence kind "unit_review") is given.
    unit_review_on = models.DateField(_("ngày họp xét tại đơn vị"), null=True, blank=True)
    unit_review_attendees = models.PositiveSmallIntegerField(
        _("số người dự họp xét"), null=True, blank=True
    )
    unit_review_attendee_names = models.TextField(
        _("thành phần dự họp xét"), blank=True, max_length=2000
    )
    unit_review_votes_for = models.PositiveSmallIntegerField(
        _("số phiếu đồng ý tại đơn vị"), null=True, blank=True
    )
    unit_review_votes_total = models.PositiveSmallIntegerField(
        _("tổng số phiếu tại đơn vị"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    awarded_on = models.DateField(_("ngày khen thưởng"), null=True, blank=True)
    search_text = models.TextField(_("nội dung tìm kiếm"), editable=False, default="")
    # nominations.models.nomination.person_key(nominee), set by save(); NULL only for rows
    # written by bulk loaders (seed_bulk), which the constraint then does not cover.
    person_key = models.CharField(
        _("khóa người được đề nghị"), max_length=260, null=True, blank=True, editable=False
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["ward", "state", "-updated_at"], name="nom_ward_state"),
            models.Index(fields=["campaign", "state"], name="nom_campaign_state"),
            models.Index(fields=["state", "submitted_at"], name="nom_state_submitted"),
            # The ward's list, newest change first (walked in order, no sort of the ward).
            models.Index(fields=["ward", "-updated_at", "-id"], name="nom_ward_updated"),
            # The council's review queue, oldest submission first, over the queue states only.
            models.Index(
                fields=["submitted_at", "id"],
                name="nom_review_queue",
                condition=Q(state__in=QUEUE_STATES),
            ),
            # The home page: its figures by an index-only scan, its featured exemplars.
            models.Index(
                fields=["-awarded_on", "ward"],
                name="nom_public_figures",
                condition=Q(**PUBLIC),
            ),
            models.Index(
                fields=["-awarded_on"],
                name="nom_public_featured",
                condition=Q(**PUBLIC, featured=True),
            ),
            models.Index(fields=["award_kind", "state"], name="nom_award_state"),
            models.Index(
                fields=["state", "consent_public", "-awarded_on"], name="nom_public_gallery"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nominee", "campaign"],
                condition=Q(state__in=ACTIVE_STATES),
                name="one_active_nomination_per_campaign",
                violation_error_message=_("Người này đã có hồ sơ trong phong trào này."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "person_key"],
                condition=Q(state__in=ACTIVE_STATES),
                name="one_active_nomination_per_person",
                violation_error_message=_("Người này đã có hồ sơ trong phong trào này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee} — {self.campaign}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if self.nominee_id is not None and (
            update_fields is None or {"nominee", "nominee_id"} & set(update_fields)
        ):
            self.person_key = person_key(self.nominee)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "person_key"}
        super().save(*args, **kwargs)

    # What public pages showed of it when it was loaded (nominations.consent compares).
    _loaded_footprint: frozenset[str] = frozenset()

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> Nomination:
        instance = super().from_db(*args, **kwargs)
        instance._loaded_footprint = instance.public_footprint()
        return instance

    def public_footprint(self) -> frozenset[str]:
        """What of this dossier a public page may show now: {"name", "photo", "story"}
        (empty when it is not public). Read only from fields already loaded."""
        loaded = self.__dict__
        if "state" not in loaded or "consent_public" not in loaded or not self.is_public:
            return frozenset()
        shown = {"name"}
        if loaded.get("consent_photo"):
            shown.add("photo")
        if loaded.get("consent_story") and loaded.get("story_approved_at"):
            shown.add("story")
        return frozenset(shown)

    @property
    def public_story(self) -> str:
        """The story as a public page shows it: approved by staff and consented to, else ""."""
        return self.story if "story" in self.public_footprint() else ""

    def refresh_search_text(self) -> None:
        """Folded text searched by the lists and the public gallery (the story only once it
        is approved and consented to: :attr:`public_story`)."""
        self.search_text = fold(
            " ".join(
                filter(
                    None,
                    [
                        self.nominee.full_name,
                        self.nominee.position,
                        self.nominee.workplace,
                        self.ward.name,
                        self.public_summary,
                        self.story if self.consent_story and self.story_approved_at else "",
                    ],
                )
            )
        )

    @property
    def is_public(self) -> bool:
        """The rule of :meth:`NominationQuerySet.public`, for this dossier."""
        return self.state == NominationState.AWARDED and self.consent_public


class EvidenceKind(models.TextChoices):
    OTHER = "other", _("Tài liệu minh chứng")
    UNIT_REVIEW = "unit_review", _("Biên bản xét")


class Evidence(models.Model):
    """A private evidence file (PDF or image), served only through a permission-checked view."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("tệp"), storage=get_private_storage, upload_to=evidence_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(
        _("loại tài liệu"), max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.OTHER
    )
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


# What each Transition.action means, as the dossier's history and the admin show it. The
# context (a literal: xgettext reads it) lets English say what happened ("Dossier submitted")
# where a button with the same Vietnamese says "Submit dossier".
TRANSITION_LABELS = {
    "create": pgettext_lazy("dossier history", "Lập hồ sơ"),
    "from_suggestion": pgettext_lazy("dossier history", "Lập hồ sơ từ giới thiệu của người dân"),
    "edit": pgettext_lazy("dossier history", "Sửa hồ sơ"),
    "add_evidence": pgettext_lazy("dossier history", "Thêm tài liệu minh chứng"),
    "remove_evidence": pgettext_lazy("dossier history", "Xóa tài liệu minh chứng"),
    "submit": pgettext_lazy("dossier history", "Nộp hồ sơ"),
    "resubmit": pgettext_lazy("dossier history", "Nộp lại hồ sơ"),
    "withdraw": pgettext_lazy("dossier history", "Rút hồ sơ"),
    "accept": pgettext_lazy("dossier history", "Tiếp nhận hồ sơ"),
    "return": pgettext_lazy("dossier history", "Trả lại để bổ sung"),
    "recommend": pgettext_lazy("dossier history", "Đề nghị khen thưởng (thủ tục đơn giản)"),
    "vote_passed": pgettext_lazy("dossier history", "Hội đồng biểu quyết đề nghị"),
    "vote_failed": pgettext_lazy("dossier history", "Hội đồng biểu quyết không đề nghị"),
    "award": pgettext_lazy("dossier history", "Khen thưởng"),
    "revoke": pgettext_lazy("dossier history", "Thu hồi khen thưởng"),
    "import": pgettext_lazy("dossier history", "Nhập từ tệp Excel"),
    "privacy_confirm": pgettext_lazy("dossier history", "Xác nhận thông tin được công khai"),
    "story_approve": pgettext_lazy("dossier history", "Duyệt câu chuyện công khai"),
    "consent_record": pgettext_lazy("dossier history", "Ghi nhận sự đồng ý công khai"),
    "consent_withdraw": pgettext_lazy("dossier history", "Rút lại sự đồng ý công khai"),
}


class Transition(models.Model):
    """One move of the workflow: who, when, from, to, why. Never edited."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    action = models.CharField(_("thao tác"), max_length=30)
    from_state = models.CharField(
        _("trạng thái trước"), max_length=20, choices=NominationState.choices, blank=True
    )
    to_state = models.CharField(_("trạng thái sau"), max_length=20, choices=NominationState.choices)
    comment = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @property
    def label(self) -> str:
        """The action in words ("Nộp hồ sơ"); a code without a label as it is."""
        return str(TRANSITION_LABELS.get(self.action, self.action))
