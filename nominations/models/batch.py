"""A ward's submission batch (đợt trình) and its cover letter (tờ trình), frozen at submission."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from emulation.models import RegisterEntry, Ward
from nominations.models.nomination import Nomination
from nominations.models.storage import get_private_storage, random_name


def cover_letter_path(instance: models.Model, filename: str) -> str:
    return random_name("cover-letters", "pdf")


class SubmissionBatch(models.Model):
    """Dossiers a ward submitted together, under one tờ trình.

    The tờ trình is numbered from the ward's own register (``emulation.numbering.register``
    with ``unit=ward``), rendered once when the ward submits and stored with its SHA-256;
    downloads serve that file. A dossier resubmitted after a return goes in a new batch.
    """

    ward = models.ForeignKey(
        Ward, verbose_name=_("phường"), on_delete=models.PROTECT, related_name="batches"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="batches"
    )
    register_entry = models.OneToOneField(
        RegisterEntry, verbose_name=_("số vào sổ"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("số tờ trình"), max_length=50)
    dated = models.DateField(_("ngày tờ trình"))
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức danh người ký"), max_length=100, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("thời điểm nộp"), auto_now_add=True)
    nominations = models.ManyToManyField(
        Nomination, verbose_name=_("hồ sơ"), through="BatchItem", related_name="batches"
    )
    pdf = models.FileField(
        _("tệp tờ trình"), storage=get_private_storage, upload_to=cover_letter_path, blank=True
    )
    pdf_sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("đợt trình")
        verbose_name_plural = _("đợt trình")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.dated:%d/%m/%Y})"


class BatchItem(models.Model):
    batch = models.ForeignKey(
        SubmissionBatch, verbose_name=_("đợt trình"), on_delete=models.CASCADE, related_name="items"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.PROTECT,
        related_name="batch_items",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("hồ sơ trong đợt trình")
        verbose_name_plural = _("hồ sơ trong đợt trình")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "nomination"], name="nomination_once_per_batch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch}: {self.nomination}"
