"""Consent to publish (Nghị định 13/2023/NĐ-CP, art. 11: consent is given for stated
purposes, shown in a form that can be printed or recorded, and may be withdrawn, art. 12)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models.nomination import Nomination
from nominations.models.storage import get_private_storage, random_name


def consent_scan_path(instance: models.Model, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return random_name("consents", ext if ext in {"pdf", "jpg", "png"} else "bin")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Phiếu đồng ý có chữ ký (bản quét)")
    STATEMENT = "statement", _("Ý kiến trực tiếp do cán bộ ghi lại")


class Consent(models.Model):
    """One consent of one person for one dossier: who gave it, when, how, for what, and its
    withdrawal. Never deleted; a withdrawn consent stays as a record."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    given_by = models.CharField(_("người đồng ý"), max_length=200)
    relation = models.CharField(
        _("quan hệ với người được đề nghị"),
        max_length=100,
        blank=True,
        help_text=_("Để trống nếu chính người được đề nghị đồng ý."),
    )
    given_on = models.DateField(_("ngày đồng ý"))
    method = models.CharField(_("hình thức"), max_length=20, choices=ConsentMethod.choices)
    scan = models.FileField(
        _("bản quét phiếu đồng ý"),
        storage=get_private_storage,
        upload_to=consent_scan_path,
        blank=True,
    )
    statement = models.TextField(_("nội dung ý kiến được ghi lại"), blank=True)
    covers_name = models.BooleanField(_("công khai họ tên và thành tích"), default=True)
    covers_photo = models.BooleanField(_("công khai ảnh"), default=False)
    covers_story = models.BooleanField(_("công khai câu chuyện"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ghi nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("thời điểm rút lại"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ ghi nhận việc rút"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    withdrawal_note = models.TextField(_("ghi chú khi rút lại"), blank=True)

    class Meta:
        verbose_name = _("sự đồng ý công khai")
        verbose_name_plural = _("sự đồng ý công khai")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.given_by} ({self.given_on:%d/%m/%Y})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class PersonalDataRequest(models.Model):
    """A person's request to see (export) or erase their personal data, as the administrator
    carried it out (Nghị định 13/2023/NĐ-CP, art. 14 and 16)."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Cung cấp dữ liệu cá nhân")
        ERASE = "erase", _("Xóa dữ liệu cá nhân")

    kind = models.CharField(_("loại yêu cầu"), max_length=10, choices=Kind.choices)
    nominee_name = models.CharField(_("người yêu cầu / người được đề nghị"), max_length=200)
    nominee_id_at_request = models.PositiveIntegerField(_("mã người được đề nghị"))
    requested_by = models.CharField(_("người gửi yêu cầu"), max_length=200, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("thời điểm thực hiện"), auto_now_add=True)
    summary = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu về dữ liệu cá nhân")
        ordering = ["-handled_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.nominee_name}"
