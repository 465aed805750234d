"""The council's work: private review notes, meetings, agenda, written opinions and ballots.

Secret ballots: ``BallotCast`` records *that* a member voted (to refuse a second vote),
``Ballot`` holds *what* was voted, sealed with the item's key, which lives outside the
database and is destroyed at the count (``nominations.council.ballot_box``). The two rows share
a transaction, so a database reader can pair them; what he pairs a member with is a
ciphertext. At the count the ballots are opened, counted into the item and deleted.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from nominations.models.nomination import Nomination


class ReviewNote(models.Model):
    """A council-only note on a dossier; ward officers never see it."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.CASCADE,
        related_name="review_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("ghi chú"), max_length=5000)
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("ghi chú của Hội đồng")
        verbose_name_plural = _("ghi chú của Hội đồng")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class Meeting(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Đang họp")
        CLOSED = "closed", _("Đã kết thúc")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    held_at = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=200)
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên có mặt"),
        related_name="meetings_attended",
        blank=True,
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    # Entered by the secretary when closing (Mẫu 1.9): when the meeting really began and ended.
    started_at = models.DateTimeField(_("giờ bắt đầu"), null=True, blank=True)
    ended_at = models.DateTimeField(_("giờ kết thúc"), null=True, blank=True)
    # Frozen at closing: the minutes' number from the authority's register, who chaired and
    # who kept the minutes, and whether the chair voted.
    minutes_reference = models.CharField(_("số biên bản"), max_length=50, blank=True)
    chair_name = models.CharField(_("chủ trì cuộc họp"), max_length=150, blank=True)
    secretary_name = models.CharField(_("thư ký cuộc họp"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("cuộc họp Hội đồng")
        verbose_name_plural = _("cuộc họp Hội đồng")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.place} ({self.held_at:%d/%m/%Y})"

    def is_upcoming(self, today: dt.date | None = None) -> bool:
        """Scheduled for a later day than ``today``: neither in session nor closable yet."""
        today = today or timezone.localdate()
        return self.state == self.State.OPEN and timezone.localdate(self.held_at) > today

    @property
    def status_label(self) -> str:
        """ "Sắp họp" before the day of the meeting, else the state ("Đang họp", "Đã kết thúc")."""
        if self.is_upcoming():
            return str(_("Sắp họp"))
        return str(self.get_state_display())


class WrittenOpinion(models.Model):
    """An absent member's written opinion for a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("cuộc họp"), on_delete=models.CASCADE, related_name="opinions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên Hội đồng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("ý kiến bằng văn bản"), max_length=5000)

    class Meta:
        verbose_name = _("ý kiến bằng văn bản")
        verbose_name_plural = _("ý kiến bằng văn bản")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_opinion_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.meeting})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("cuộc họp"), on_delete=models.CASCADE, related_name="items"
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    secret = models.BooleanField(_("bỏ phiếu kín"), default=True)
    yes = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), default=0)
    no = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"), default=0)
    abstain = models.PositiveSmallIntegerField(_("số phiếu không biểu quyết"), default=0)
    denominator = models.PositiveSmallIntegerField(_("mẫu số biểu quyết"), null=True, blank=True)
    passed = models.BooleanField(_("được thông qua"), null=True)
    # The id of the file holding this item's secret-ballot key (ballot_box), never the key.
    ballot_key = models.CharField(_("mã khóa hòm phiếu"), max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("hồ sơ đưa ra cuộc họp")
        verbose_name_plural = _("hồ sơ đưa ra cuộc họp")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "nomination"], name="nomination_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.nomination}"


class VoteChoice(models.TextChoices):
    YES = "yes", _("Đồng ý")
    NO = "no", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không biểu quyết")


class BallotCast(models.Model):
    """That a member took part in (or declared a conflict on) an item's vote."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("hồ sơ đưa ra cuộc họp"),
        on_delete=models.CASCADE,
        related_name="casts",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên Hội đồng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    conflict = models.BooleanField(_("xung đột lợi ích"), default=False)
    opinion = models.TextField(_("ý kiến"), blank=True, max_length=5000)
    # Filled only for open (non-secret) ballots.
    choice = models.CharField(
        _("biểu quyết"), max_length=10, choices=VoteChoice.choices, blank=True
    )

    class Meta:
        verbose_name = _("lượt biểu quyết")
        verbose_name_plural = _("lượt biểu quyết")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_vote_per_member_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.item}"


class Ballot(models.Model):
    """A sealed secret ballot: the choice, readable only with the item's key (``ballot_box``);
    nothing about who or when. Deleted at the count."""

    id = models.UUIDField(_("mã phiếu"), primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("hồ sơ đưa ra cuộc họp"),
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    sealed = models.BinaryField(_("phiếu đã niêm phong"))

    class Meta:
        verbose_name = _("phiếu kín")
        verbose_name_plural = _("phiếu kín")

    def __str__(self) -> str:
        return str(_("Phiếu kín (niêm phong)"))


class PaperCount(models.Model):
    """A secret vote held on paper: the counting committee's report (biên bản kiểm phiếu).

    The counts are those the committee read from the paper ballots; the ballots themselves stay
    on paper, sealed with the minutes. ``yes + no + abstain + invalid == returned <= issued``.
    """

    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("hồ sơ đưa ra cuộc họp"),
        on_delete=models.CASCADE,
        related_name="paper_count",
    )
    committee = models.TextField(_("ban kiểm phiếu"), max_length=2000)
    issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"))
    returned = models.PositiveSmallIntegerField(_("số phiếu thu vào"))
    invalid = models.PositiveSmallIntegerField(_("số phiếu không hợp lệ"), default=0)
    yes = models.PositiveSmallIntegerField(_("số phiếu đồng ý"))
    no = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"))
    abstain = models.PositiveSmallIntegerField(_("số phiếu không biểu quyết"), default=0)
    note = models.TextField(_("ghi chú"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("biên bản kiểm phiếu")
        verbose_name_plural = _("biên bản kiểm phiếu")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    returned__lte=models.F("issued"),
                    returned=models.F("yes")
                    + models.F("no")
                    + models.F("abstain")
                    + models.F("invalid"),
                ),
                name="paper_count_adds_up",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}"

    @property
    def valid(self) -> int:
        return self.returned - self.invalid

    def committee_names(self) -> list[str]:
        return [line.strip() for line in self.committee.splitlines() if line.strip()]
