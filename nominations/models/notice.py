"""Notices: what the application tells a person (in the app, by e-mail), each person's choice
of e-mail per kind, addresses that asked for no more mail, and the secret of each staff
member's meeting calendar. Written only by ``nominations.notices``."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    RETURNED = "returned", _("Hồ sơ bị trả lại")
    ACCEPTED = "accepted", _("Hồ sơ được tiếp nhận")
    ON_AGENDA = "agenda", _("Hồ sơ được đưa vào chương trình họp")
    RECOMMENDED = "recommended", _("Hồ sơ được đề nghị khen thưởng")
    NOT_RECOMMENDED = "not_recommended", _("Hồ sơ không được đề nghị khen thưởng")
    AWARDED = "awarded", _("Hồ sơ được khen thưởng")
    MEETING_SCHEDULED = "meeting", _("Lịch họp Hội đồng")
    MEETING_CHANGED = "meeting_changed", _("Thay đổi cuộc họp Hội đồng")
    VOTE_OPEN = "vote_open", _("Mở biểu quyết")
    TO_SIGN = "to_sign", _("Dự thảo quyết định chờ ký")
    PUBLISHED = "published", _("Quyết định khen thưởng được ban hành")
    SUGGESTION = "suggestion", _("Người dân gửi giới thiệu")
    REMIND_DRAFT = "remind_draft", _("Nhắc nộp hồ sơ trước hạn")
    REMIND_OVERDUE = "remind_overdue", _("Nhắc hồ sơ quá hạn xử lý")
    REMIND_VOTE = "remind_vote", _("Nhắc biểu quyết trước cuộc họp")
    HONOURED = "honoured", _("Người được giới thiệu được khen thưởng")


class Notice(models.Model):
    """One in-app notice to one staff member. Its text is rendered from ``kind`` and
    ``params`` in the reader's language (``nominations.notices.services.render``)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NoticeKind.choices)
    params = models.JSONField(_("nội dung"), default=dict, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    object_key = models.CharField(_("đối tượng"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    sent_on = models.DateField(_("ngày gửi"), db_index=True)
    read_at = models.DateTimeField(_("thời điểm đọc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"],
                name="notice_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["kind", "object_key", "sent_on"], name="notice_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_kind_display()}"


class NoticePreference(models.Model):
    """A staff member's choice of e-mail for one kind; without a row, the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notice_preferences",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NoticeKind.choices)
    email = models.BooleanField(_("gửi thư điện tử"), default=True)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class EmailOptOut(models.Model):
    """An address (a resident's) that asked for no more mail of one kind."""

    address = models.EmailField(_("địa chỉ thư điện tử"), max_length=254)
    kind = models.CharField(_("loại"), max_length=20, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("địa chỉ từ chối nhận thư")
        verbose_name_plural = _("địa chỉ từ chối nhận thư")
        constraints = [
            models.UniqueConstraint(fields=["address", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self) -> str:
        return self.address


def new_calendar_secret() -> str:
    """43 URL-safe characters (256 bits)."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a staff member's meeting calendar (``/lich/<secret>.ics``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    secret = models.CharField(
        _("mã bí mật"), max_length=64, unique=True, default=new_calendar_secret
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now=True)

    class Meta:
        verbose_name = _("lịch họp riêng")
        verbose_name_plural = _("lịch họp riêng")

    def __str__(self) -> str:
        return str(self.user)
