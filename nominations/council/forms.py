"""Forms of the council pages (queue filters, review, meetings, votes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardKind, Campaign
from emulation.forms import Form
from emulation.models import User, Ward
from emulation.text import name_sort_key
from emulation.widgets import FastSelect
from nominations.council import services as council
from nominations.models import Nomination, NominationState, Procedure, VoteChoice

S = NominationState


class QueueFilterForm(Form):
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(),
        required=False,
        widget=FastSelect,
        label=_("Phong trào"),
        empty_label=_("Tất cả phong trào"),
    )
    ward = forms.ModelChoiceField(
        Ward.objects.filter(active=True),
        required=False,
        widget=FastSelect,
        label=_("Phường"),
        empty_label=_("Tất cả phường"),
    )
    # Kinds in use, and the retired ones sent dossiers still carry (to find them).
    award_kind = forms.ModelChoiceField(
        AwardKind.objects.filter(
            Q(active=True)
            | Q(pk__in=Nomination.objects.exclude(state=S.DRAFT).values("award_kind_id"))
        ),
        required=False,
        widget=FastSelect,
        label=_("Hình thức"),
        empty_label=_("Tất cả hình thức"),
    )
    procedure = forms.ChoiceField(
        choices=[("", _("Mọi thủ tục")), *Procedure.choices],
        required=False,
        widget=FastSelect,
        label=_("Thủ tục"),
    )
    state = forms.ChoiceField(
        choices=[
            ("", _("Cần xử lý")),
            *[
                (s, S(s).label)
                for s in (
                    S.SUBMITTED,
                    S.IN_REVIEW,
                    S.RECOMMENDED,
                    S.NOT_RECOMMENDED,
                    S.RETURNED,
                    S.AWARDED,
                    S.REVOKED,
                    S.WITHDRAWN,
                )
            ],
        ],
        required=False,
        widget=FastSelect,
        label=_("Trạng thái"),
    )
    age = forms.ChoiceField(
        choices=[
            ("", _("Mọi thời hạn")),
            (council.AGE_OVERDUE, _("Quá hạn")),
            (council.AGE_ON_TIME, _("Trong hạn")),
        ],
        required=False,
        widget=FastSelect,
        label=_("Thời hạn"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class ReturnForm(Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(Form):
    text = forms.CharField(
        label=_("Ghi chú nội bộ (chỉ Hội đồng xem)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj}{' — ' + obj.position if obj.position else ''}"


class MeetingForm(Form):
    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    held_at = forms.DateTimeField(
        label=_("Thời gian họp"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=200)
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(),
        required=False,
        label=_("Phong trào (nếu họp riêng một phong trào)"),
        empty_label=_("Nhiều phong trào"),
    )
    members_present = MemberChoiceField(
        queryset=council.active_members(),
        required=False,
        label=_("Thành viên có mặt"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["members_present"]
        field.queryset = council.active_members()
        # Vietnamese order: given name first (Hải, Khánh, Trang), as lists of people are read.
        self.members = sorted(
            council.active_members(), key=lambda m: name_sort_key(m.full_name or m.username)
        )
        field.choices = [(m.pk, field.label_from_instance(m)) for m in self.members]
        for member in self.members:
            self.fields[f"opinion_{member.pk}"] = forms.CharField(
                label=_("Ý kiến bằng văn bản của %(m)s (nếu vắng mặt)") % {"m": member},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if not self.is_bound:
            self.initial.setdefault(
                "held_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_place(self) -> str:
        return self.cleaned_data["place"].strip()

    def opinions(self) -> dict[User, str]:
        return {m: self.cleaned_data.get(f"opinion_{m.pk}", "") for m in self.members}


class AgendaForm(Form):
    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    nominations = forms.ModelMultipleChoiceField(
        queryset=council.agenda_candidates(),
        label=_("Hồ sơ đưa vào chương trình họp"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = council.agenda_candidates()
        self.fields["nominations"].label_from_instance = lambda n: (
            f"{n.nominee} — {n.ward} — {n.award_kind or ''}"
        )


class VoteForm(Form):
    choice = forms.ChoiceField(
        choices=VoteChoice.choices, label=_("Biểu quyết"), widget=forms.RadioSelect, required=False
    )
    opinion = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    conflict = forms.BooleanField(
        label=_(
            "Tôi có quan hệ với người được đề nghị hoặc cùng phường: không tham gia biểu quyết"
        ),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("conflict") and data.get("choice"):
            # Both ticked: which one the member meant is unknown; recording either is a guess.
            self.add_error(
                None,
                _(
                    "Bạn vừa chọn biểu quyết vừa đánh dấu xung đột lợi ích. Hãy chọn một trong "
                    "hai: biểu quyết, hoặc không tham gia do xung đột lợi ích."
                ),
            )
        elif not data.get("conflict") and not data.get("choice"):
            self.add_error("choice", _("Chọn đồng ý, không đồng ý hoặc không biểu quyết."))
        return data


class PaperCountForm(Form):
    """The counting committee's figures for a secret vote held on paper."""

    committee = forms.CharField(
        label=_("Ban kiểm phiếu (mỗi dòng một người: họ tên, chức vụ)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    issued = forms.IntegerField(label=_("Số phiếu phát ra"), min_value=0, max_value=999)
    returned = forms.IntegerField(label=_("Số phiếu thu vào"), min_value=0, max_value=999)
    invalid = forms.IntegerField(
        label=_("Số phiếu không hợp lệ"), min_value=0, max_value=999, initial=0
    )
    yes = forms.IntegerField(label=_("Số phiếu đồng ý"), min_value=0, max_value=999)
    no = forms.IntegerField(label=_("Số phiếu không đồng ý"), min_value=0, max_value=999)
    abstain = forms.IntegerField(
        label=_("Số phiếu không biểu quyết"), min_value=0, max_value=999, initial=0
    )
    note = forms.CharField(
        label=_("Ghi chú của Ban kiểm phiếu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("issued", "returned", "invalid", "yes", "no", "abstain"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"


class CloseMeetingForm(Form):
    """The times the secretary records in the minutes when closing a meeting (Mẫu 1.9)."""

    started_at = forms.DateTimeField(
        label=_("Giờ bắt đầu cuộc họp"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    ended_at = forms.DateTimeField(
        label=_("Giờ kết thúc cuộc họp"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
