"""Forms of the ward officers' pages: start a dossier, fill it, add evidence, filter the list.

Nothing that decides where a row belongs comes from the request: the ward is always the
officer's own; the campaign must be one he may use (open, accepting nominations); the award
kinds offered are those of the campaign that fit the nominee kind, and the choice is
re-checked when the form is cleaned and again by the workflow on submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import offers
from campaigns.models import AwardKind, Campaign, Field, NomineeKind
from emulation.forms import Form
from emulation.phone import normalize_phone
from emulation.text import normalize
from emulation.widgets import FastSelect
from nominations import workflow
from nominations.dossiers.services import NOMINATION_FIELDS, NOMINEE_FIELDS
from nominations.files import images, uploads
from nominations.models import (
    ConsentMethod,
    EvidenceKind,
    Nomination,
    NominationState,
    Nominee,
    Procedure,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REPORT_MAX_CHARS = 30_000

KIND_FILTER: dict[str, Q] = {
    NomineeKind.INDIVIDUAL: Q(for_individual=True),
    NomineeKind.COLLECTIVE: Q(for_collective=True),
    NomineeKind.HOUSEHOLD: Q(for_household=True),
}


def award_kinds_for(campaign: Campaign | None, kind: str | None) -> QuerySet[AwardKind]:
    if campaign is None or kind not in KIND_FILTER:
        return AwardKind.objects.none()
    return campaign.award_kinds.filter(KIND_FILTER[kind], active=True).order_by("order", "name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _evidence_field() -> MultipleFileField:
    return MultipleFileField(
        label=gettext_lazy("Tài liệu minh chứng"),
        required=False,
        allow_empty_file=True,
        widget=MultipleFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
        help_text=gettext_lazy(
            "PDF (tối đa 20 MB) hoặc ảnh JPEG, PNG, WebP (tối đa 10 MB); chọn được nhiều tệp."
        ),
    )


def clean_evidence_files(files: Iterable[UploadedFile] | None) -> list[uploads.CheckedEvidence]:
    checked: list[uploads.CheckedEvidence] = []
    errors: list[str] = []
    for upload in files or []:
        name = uploads.safe_display_name(getattr(upload, "name", ""))
        try:
            checked.append(uploads.check_evidence(upload))
        except forms.ValidationError as err:
            errors.extend(f"{name}: {message}" for message in err.messages)
    if errors:
        raise forms.ValidationError(errors)
    return checked


class StartForm(Form):
    """Step one of a new dossier: which campaign, which kind of nominee."""

    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Phong trào thi đua"),
        queryset=Campaign.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": gettext_lazy("Phong trào này không còn nhận hồ sơ."),
            "required": gettext_lazy("Hãy chọn phong trào."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Đối tượng đề nghị"),
        choices=NomineeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn đối tượng.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.accepting_nominations().order_by(
            "deadline", "name"
        )
        self.fields["campaign"].label_from_instance = lambda c: (
            _("%(name)s (hạn nộp %(d)s)") % {"name": c.name, "d": c.deadline.strftime("%d/%m/%Y")}
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        campaign, kind = data.get("campaign"), data.get("kind")
        if campaign and kind and not award_kinds_for(campaign, kind).exists():
            self.add_error(
                "kind",
                _("Phong trào “%(c)s” không có hình thức khen thưởng dành cho %(k)s.")
                % {"c": campaign.name, "k": NomineeKind(kind).label.lower()},
            )
        return data


class NominationForm(Form):
    """The dossier itself: the nominee's data (by kind) and the nomination's.

    For a new dossier, ``campaign`` and ``kind`` travel as hidden fields and are validated
    like any other input; for an existing one they are fixed and ``version`` carries the
    optimistic lock.
    """

    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": gettext_lazy("Phong trào không hợp lệ hoặc đã hết hạn nhận hồ sơ."),
            "required": gettext_lazy("Hãy chọn phong trào."),
        },
    )
    kind = forms.ChoiceField(
        choices=NomineeKind.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": gettext_lazy("Đối tượng không hợp lệ.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        nomination: Nomination | None = None,
        campaign: Campaign | None = None,
        kind: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        # Not self.campaign / self.kind: those names are the declared fields'.
        self.chosen_campaign: Campaign | None
        self.nominee_kind: str | None
        if nomination is not None:
            self.chosen_campaign, self.nominee_kind = nomination.campaign, nomination.nominee.kind
            del self.fields["campaign"], self.fields["kind"]
            self.fields["version"].required = True
        else:
            del self.fields["version"]
            self.fields["campaign"].queryset = Campaign.objects.accepting_nominations().order_by(
                "deadline", "name"
            )
            self.chosen_campaign, self.nominee_kind = campaign, kind
            if self.is_bound:
                self.chosen_campaign = self._bound_campaign()
                self.nominee_kind = self.data.get("kind")
            self.initial.setdefault("campaign", getattr(self.chosen_campaign, "pk", None))
            self.initial.setdefault("kind", self.nominee_kind)
        self._add_nominee_fields()
        self._add_nomination_fields()

    # --- building -----------------------------------------------------------------------

    def _bound_campaign(self) -> Campaign | None:
        try:
            return self.fields["campaign"].queryset.get(pk=int(self.data.get("campaign", "")))
        except (ValueError, TypeError, Campaign.DoesNotExist):
            return None

    def _add_nominee_fields(self) -> None:
        kind = self.nominee_kind if self.nominee_kind in NOMINEE_FIELDS else NomineeKind.INDIVIDUAL
        model_fields = forms.fields_for_model(Nominee, fields=NOMINEE_FIELDS[kind])
        labels_by_kind: dict[str, dict[str, StrOrPromise]] = {
            NomineeKind.COLLECTIVE: {
                "full_name": gettext_lazy("Tên tập thể"),
                "head_name": gettext_lazy("Người đứng đầu"),
                "workplace": gettext_lazy("Cơ quan, đơn vị / tổ dân phố"),
            },
            NomineeKind.HOUSEHOLD: {"head_name": gettext_lazy("Chủ hộ")},
            NomineeKind.INDIVIDUAL: {"full_name": gettext_lazy("Họ và tên")},
        }
        labels = labels_by_kind[kind]
        for name, field in model_fields.items():
            if name in labels:
                field.label = labels[name]
            self.fields[name] = field
        name_field = "head_name" if kind == NomineeKind.HOUSEHOLD else "full_name"
        self.fields[name_field].required = True
        if "birth_year" in self.fields:
            self.fields["birth_year"].widget.attrs.update(
                {"min": 1900, "max": timezone.localdate().year}
            )
        if "phone" in self.fields:
            self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        if self.nomination is not None and not self.is_bound:
            for name in model_fields:
                self.initial.setdefault(name, getattr(self.nomination.nominee, name))

    def _add_nomination_fields(self) -> None:
        model_fields = forms.fields_for_model(Nomination, fields=NOMINATION_FIELDS)
        for name, field in model_fields.items():
            self.fields[name] = field
        self.fields["award_kind"].queryset = award_kinds_for(
            self.chosen_campaign, self.nominee_kind
        )
        self.fields["award_kind"].empty_label = _("— Chọn hình thức —")
        self.fields["award_kind"].error_messages["invalid_choice"] = _(
            "Phong trào này không xét hình thức này cho đối tượng đã chọn."
        )
        self.fields["procedure"].help_text = _(
            "Thủ tục đơn giản dành cho thành tích đột xuất, chỉ với hình thức cho phép."
        )
        self.fields["field"].choices = [("", _("— Chọn lĩnh vực —")), *Field.choices]
        self.fields["public_summary"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["public_summary"].help_text = _(
            "Vài câu sẽ được công khai trên trang gương người tốt, việc tốt nếu được khen "
            "thưởng và người được đề nghị đồng ý."
        )
        report = self.fields["achievement_report"]
        report.max_length = REPORT_MAX_CHARS
        report.validators.append(MaxLengthValidator(REPORT_MAX_CHARS))
        report.widget = forms.Textarea(attrs={"rows": 10, "maxlength": REPORT_MAX_CHARS})
        report.help_text = _("Bắt buộc với thủ tục thông thường; tối đa %(n)s ký tự.") % {
            "n": f"{REPORT_MAX_CHARS:,}".replace(",", ".")
        }
        for name in ("period_start", "period_end"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        story = self.fields["story"]
        story.widget = forms.Textarea(attrs={"rows": 6, "maxlength": 5000})
        story.max_length = 5000
        story.validators.append(MaxLengthValidator(5000))
        story.help_text = _(
            "Do cán bộ viết cho trang công khai, không chép nguyên văn thư giới thiệu của người "
            "dân. Không ghi số điện thoại, địa chỉ nhà, ngày sinh, số CCCD hay tình trạng sức "
            "khỏe. Chỉ công khai khi đã được duyệt và người được đề nghị đồng ý."
        )
        self.fields["photo"] = forms.FileField(
            label=_("Ảnh chân dung / ảnh tập thể"),
            required=False,
            allow_empty_file=True,
            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            help_text=_(
                "JPEG, PNG hoặc WebP, tối đa 10 MB và 40 triệu điểm ảnh. Thông tin "
                "vị trí (GPS) trong ảnh được xóa."
            ),
        )
        self.fields["evidence"] = _evidence_field()
        if self.nomination is not None and not self.is_bound:
            for name in NOMINATION_FIELDS:
                self.initial.setdefault(name, getattr(self.nomination, name))
            self.initial["award_kind"] = self.nomination.award_kind_id
            self.initial["version"] = self.nomination.version

    # --- cleaning -----------------------------------------------------------------------

    def clean_full_name(self) -> str:
        value = normalize(self.cleaned_data.get("full_name", ""))
        if not value:
            raise forms.ValidationError(_("Hãy nhập tên."))
        return value

    def clean_head_name(self) -> str:
        return normalize(self.cleaned_data.get("head_name", ""))

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is None:
            return None
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(_("Năm sinh không được ở tương lai."))
        if year < 1900:
            raise forms.ValidationError(_("Năm sinh phải từ 1900 trở đi."))
        return year

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_member_count(self) -> int | None:
        count = self.cleaned_data.get("member_count")
        if count is not None and count < 2:
            raise forms.ValidationError(_("Một tập thể có ít nhất 2 thành viên."))
        return count

    def clean_photo(self) -> images.ProcessedPhoto | None:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return images.process_photo(upload)  # ValidationError lands next to the field

    def clean_evidence(self) -> list[uploads.CheckedEvidence]:
        return clean_evidence_files(self.cleaned_data.get("evidence"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.nomination is None:
            kind = data.get("kind")
            campaign = data.get("campaign")
            if campaign and kind and not award_kinds_for(campaign, kind).exists():
                self.add_error("kind", _("Phong trào này không xét khen thưởng cho đối tượng này."))
        award_kind = data.get("award_kind")
        if (
            award_kind is not None
            and not award_kinds_for(self.chosen_campaign, self.nominee_kind)
            .filter(pk=award_kind.pk)
            .exists()
        ):
            self.add_error(
                "award_kind", _("Phong trào này không xét hình thức này cho đối tượng đã chọn.")
            )
        elif award_kind is not None and self.chosen_campaign is not None:
            refusal = offers.kind_refusal(
                self.chosen_campaign.kind, award_kind, offers.current_level()
            )
            if refusal is not None:
                self.add_error("award_kind", refusal)
        if (
            data.get("procedure") == Procedure.SIMPLIFIED
            and award_kind is not None
            and not award_kind.allows_simplified
        ):
            self.add_error(
                "procedure",
                _("“%(k)s” không được xét theo thủ tục đơn giản.") % {"k": award_kind.name},
            )
        start, end = data.get("period_start"), data.get("period_end")
        if (
            data.get("procedure") == Procedure.SIMPLIFIED
            and "procedure" not in self.errors
            and workflow.spans_years(start, end)
        ):
            self.add_error("procedure", workflow.SIMPLIFIED_SPANS_YEARS)
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc không được trước ngày bắt đầu."))
        today = timezone.localdate()
        if start and start > today:
            self.add_error("period_start", _("Thời gian thành tích không được ở tương lai."))
        return data

    @property
    def hidden_errors(self) -> list[str]:
        """Errors of hidden fields (a tampered campaign or kind), shown beside their summary."""
        return [
            str(e) for name in ("campaign", "kind", "version") for e in self.errors.get(name, [])
        ]


class EvidenceForm(Form):
    # The metaclass moves a declared field to base_fields; the stubs see BaseForm.files here.
    files = _evidence_field()  # type: ignore[assignment]
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại tài liệu"),
        choices=EvidenceKind.choices,
        initial=EvidenceKind.OTHER,
        required=False,
        help_text=gettext_lazy(
            "Chọn “Biên bản xét” cho biên bản họp xét của đơn vị (bản chụp có chữ ký)."
        ),
    )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or EvidenceKind.OTHER

    def clean_files(self) -> list[uploads.CheckedEvidence]:
        checked = clean_evidence_files(self.cleaned_data.get("files"))
        if not checked:
            raise forms.ValidationError(_("Hãy chọn ít nhất một tệp."))
        return checked


class UnitReviewForm(Form):
    """The unit's own review of a dossier (biên bản họp xét): typed when no file is uploaded.

    The date is always asked (the tờ trình cites it); attendance and the vote may stay empty
    when the minutes are uploaded as a "Biên bản xét" file (``workflow.missing_unit_review``).
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    unit_review_on = forms.DateField(
        label=gettext_lazy("Ngày họp xét"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit_review_attendees = forms.IntegerField(
        label=gettext_lazy("Số người dự họp"), min_value=1, max_value=500, required=False
    )
    unit_review_attendee_names = forms.CharField(
        label=gettext_lazy("Thành phần dự họp"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Họ tên, chức vụ của những người dự họp (không bắt buộc)."),
    )
    unit_review_votes_for = forms.IntegerField(
        label=gettext_lazy("Số phiếu đồng ý"), min_value=0, max_value=500, required=False
    )
    unit_review_votes_total = forms.IntegerField(
        label=gettext_lazy("Tổng số phiếu"), min_value=1, max_value=500, required=False
    )

    def clean_unit_review_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["unit_review_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày họp xét không được sau hôm nay."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        votes_for = data.get("unit_review_votes_for")
        total = data.get("unit_review_votes_total")
        attendees = data.get("unit_review_attendees")
        if (votes_for is None) != (total is None):
            self.add_error(
                "unit_review_votes_total" if total is None else "unit_review_votes_for",
                _("Nhập cả số phiếu đồng ý và tổng số phiếu."),
            )
        elif votes_for is not None and total is not None:
            if votes_for > total:
                self.add_error(
                    "unit_review_votes_for", _("Số phiếu đồng ý không được lớn hơn tổng số phiếu.")
                )
            if attendees is not None and total > attendees:
                self.add_error(
                    "unit_review_votes_total",
                    _("Tổng số phiếu không được lớn hơn số người dự họp."),
                )
        return data


class WithdrawForm(Form):
    comment = forms.CharField(
        label=gettext_lazy("Lý do rút hồ sơ"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SORTS = {
    "updated": gettext_lazy("Mới cập nhật"),
    "name": gettext_lazy("Tên (theo thứ tự tiếng Việt)"),
    "state": gettext_lazy("Trạng thái"),
}


class ListFilterForm(Form):
    """Filters of the ward list; choices are given by the view (one query each)."""

    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    q = forms.CharField(label=gettext_lazy("Tìm tên"), required=False, max_length=100)
    campaign = forms.TypedChoiceField(
        label=gettext_lazy("Phong trào"),
        required=False,
        widget=FastSelect,
        coerce=int,
        empty_value=None,
    )
    state = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"),
        required=False,
        widget=FastSelect,
        choices=[("", gettext_lazy("Tất cả trạng thái")), *NominationState.choices],
    )
    award_kind = forms.TypedChoiceField(
        label=gettext_lazy("Hình thức"),
        required=False,
        widget=FastSelect,
        coerce=int,
        empty_value=None,
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("Năm"), required=False, widget=FastSelect, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sắp xếp"),
        required=False,
        widget=FastSelect,
        choices=list(SORTS.items()),
    )

    def __init__(
        self,
        *args: Any,
        campaigns: Sequence[Campaign] = (),
        award_kinds: Sequence[AwardKind] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("Tất cả phong trào"))] + [
            (c.pk, f"{c.name} ({c.opens_on.year})") for c in campaigns
        ]
        self.fields["award_kind"].choices = [("", _("Tất cả hình thức"))] + [
            (k.pk, k.name) for k in award_kinds
        ]
        years = sorted({c.opens_on.year for c in campaigns}, reverse=True)
        self.fields["year"].choices = [("", _("Tất cả các năm"))] + [(y, str(y)) for y in years]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"


class ConsentForm(Form):
    """The person's consent to publish, as the officer records it (nominations.consent)."""

    given_by = forms.CharField(label=_("Họ tên người đồng ý"), max_length=200)
    relation = forms.CharField(
        label=_("Quan hệ với người được đề nghị"),
        max_length=100,
        required=False,
        help_text=_("Để trống nếu chính người được đề nghị đồng ý."),
    )
    given_on = forms.DateField(
        label=_("Ngày đồng ý"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    method = forms.ChoiceField(label=_("Hình thức"), choices=ConsentMethod.choices)
    scan = forms.FileField(
        label=_("Bản quét phiếu đồng ý có chữ ký"),
        required=False,
        help_text=_("PDF, JPEG, PNG hoặc WebP; lưu kín, chỉ cán bộ có thẩm quyền xem được."),
    )
    statement = forms.CharField(
        label=_("Ý kiến đồng ý được ghi lại"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ghi rõ người đồng ý đã nói gì, ở đâu, có ai chứng kiến."),
    )
    covers_name = forms.BooleanField(
        label=_("Công khai họ tên và thành tích"), required=False, initial=True
    )
    covers_photo = forms.BooleanField(label=_("Công khai ảnh"), required=False)
    covers_story = forms.BooleanField(label=_("Công khai câu chuyện"), required=False)

    def clean_scan(self) -> uploads.CheckedEvidence | None:
        upload = self.cleaned_data.get("scan")
        if not upload:
            return None
        return uploads.check_evidence(upload)


class ConsentWithdrawForm(Form):
    note = forms.CharField(
        label=_("Ghi chú (người rút, cách thức, ngày)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
