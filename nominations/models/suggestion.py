"""A resident's suggestion of a good person (the district's writing contest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.models import Ward
from nominations.models.nomination import Nomination
from nominations.models.storage import get_private_storage, suggestion_photo_path


class SuggestionState(models.TextChoices):
    NEW = "new", _("Mới")
    CONVERTED = "converted", _("Đã lập hồ sơ")
    DISMISSED = "dismissed", _("Đã bỏ qua")


class Suggestion(models.Model):
    ward = models.ForeignKey(
        Ward, verbose_name=_("phường"), on_delete=models.PROTECT, related_name="suggestions"
    )
    nominee_name = models.CharField(_("họ tên người được giới thiệu"), max_length=200)
    nominee_where = models.CharField(_("nơi ở / nơi làm việc"), max_length=300, blank=True)
    deeds = models.TextField(_("việc tốt của họ"), max_length=5000)
    photo = models.ImageField(
        _("ảnh"), storage=get_private_storage, upload_to=suggestion_photo_path, blank=True
    )
    writer_name = models.CharField(_("họ tên người viết"), max_length=150)
    writer_contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=150)
    writer_wants_news = models.BooleanField(
        _("muốn được báo tin khi người này được khen thưởng"), default=False
    )
    ip_hash = models.CharField(_("mã băm địa chỉ IP"), max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True, db_index=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SuggestionState.choices, default=SuggestionState.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )

    class Meta:
        verbose_name = _("giới thiệu của người dân")
        verbose_name_plural = _("giới thiệu của người dân")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ward", "state", "-created_at"], name="sugg_ward_state")]

    def __str__(self) -> str:
        return self.nominee_name
