"""Forms of the decision pages: draft, edit, revocation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from emulation.forms import Form
from nominations.files import signing
from nominations.models import Award, Decision, Nomination
from nominations.models.decision import REVOCATION_GROUND_CHOICES


class DecisionDraftForm(Form):
    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=300,
        required=False,
        help_text=_(
            "Để trống để ghi theo các hồ sơ được chọn, ví dụ “Về việc tặng Giấy khen cho "
            "05 cá nhân, 01 tập thể có thành tích trong phong trào thi đua …”."
        ),
    )
    nominations: forms.ModelMultipleChoiceField[Nomination] = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Hồ sơ được khen thưởng"), widget=forms.CheckboxSelectMultiple
    )
    legal_bases = forms.CharField(
        label=_("Căn cứ"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        candidates: QuerySet[Nomination],
        held: dict[int, Decision] | None = None,
        **kwargs: Any,
    ) -> None:
        """``held``: {dossier pk: the draft it is already on}, named beside the dossier."""
        super().__init__(*args, **kwargs)
        held = held or {}
        self.fields["nominations"].queryset = candidates

        def label(n: Nomination) -> str:
            text = f"{n.nominee} — {n.ward} — {n.award_kind}"
            if n.pk in held:
                text += " " + str(_("(đã có trong dự thảo khác)"))
            return text

        self.fields["nominations"].label_from_instance = label


class DecisionEditForm(Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    legal_bases = forms.CharField(
        label=_("Căn cứ"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _ground_field() -> forms.ChoiceField:
    """One of the Law's grounds for cancelling an award (models.decision.REVOCATION_GROUNDS)."""
    refusal = _("Chọn căn cứ hủy bỏ theo khoản 2 Điều 93 Luật Thi đua, khen thưởng.")
    return forms.ChoiceField(
        label=_("Căn cứ hủy bỏ (khoản 2 Điều 93 Luật Thi đua, khen thưởng)"),
        choices=REVOCATION_GROUND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": refusal, "invalid_choice": refusal},
    )


class RevocationEditForm(DecisionEditForm):
    """A revocation draft's texts, its ground and the particulars of the reason."""

    ground = _ground_field()
    reason = forms.CharField(
        label=_("Lý do thu hồi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevocationForm(Form):
    """Which awardees of an issued decision lose their award, and why (none chosen up front)."""

    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    awards: forms.ModelMultipleChoiceField[Award] = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Người bị thu hồi khen thưởng"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input row-check"}),
        error_messages={
            "required": _("Chọn ít nhất một người cần thu hồi khen thưởng."),
            "invalid_choice": _(
                "Khen thưởng đã chọn không thuộc quyết định này hoặc đã bị thu hồi."
            ),
            "invalid_pk_value": _("Chọn khen thưởng trong danh sách."),
        },
    )
    ground = _ground_field()
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ghi cụ thể sự việc và văn bản xác định (kết luận, quyết định, bản án…); in sau "
            "căn cứ trong Điều 1 của quyết định."
        ),
    )

    def __init__(self, *args: Any, candidates: QuerySet[Award], **kwargs: Any) -> None:
        """``candidates``: the still-valid awards of the decision (decisions.revocable_awards)."""
        super().__init__(*args, **kwargs)
        self.fields["awards"].queryset = candidates
        self.fields["awards"].label_from_instance = lambda a: (
            f"{a.awardee_name} — {a.unit_name} — {a.award_kind_name}"
        )


class DigitalSignatureForm(Form):
    """The optional certificate on the signing confirmation page: a PKCS#12 bundle (read in
    memory, never stored) and its password, left exactly as typed."""

    certificate = forms.FileField(
        label=_("Tệp chứng thư số (.p12, .pfx)"),
        required=False,
        help_text=_("Để trống để ban hành không có chữ ký số."),
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx,application/x-pkcs12"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu chứng thư số"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    seal = False  # the signer's certificate (the seal's form says True)

    @property
    def asks_certificate(self) -> bool:
        return "certificate" in self.fields

    @property
    def asks_number(self) -> bool:
        return "number" in self.fields

    @property
    def asks_paper(self) -> bool:
        return "on_paper" in self.fields

    def clean_certificate(self) -> bytes | None:
        """The bundle's bytes, or None when no file was chosen; refused above 64 KB."""
        upload = self.cleaned_data.get("certificate")
        if not upload:
            return None
        if upload.size > signing.MAX_P12_BYTES:
            raise forms.ValidationError(
                _("Tệp chứng thư số quá lớn (tối đa 64 KB): đây không phải tệp .p12/.pfx.")
            )
        return bytes(upload.read())


class SignForm(DigitalSignatureForm):
    """The signing page: the signer's certificate, or "signed on paper"."""

    on_paper = forms.BooleanField(
        label=_("Ký trên giấy"),
        required=False,
        help_text=_(
            "In bản quyết định (chưa có số, ngày) để ký tay; văn thư vào sổ rồi tải lên bản "
            "chụp đã ký, đóng dấu."
        ),
    )


class RegisterForm(DigitalSignatureForm):
    """The registration page: a number entered by the văn thư (optional) and, for a digitally
    signed decision, the authority's seal certificate."""

    seal = True
    number = forms.IntegerField(
        label=_("Số do văn thư nhập (không bắt buộc)"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_(
            "Để trống để lấy số tiếp theo trong sổ; nhập số khi cơ quan cấp số trên hệ thống "
            "quản lý văn bản của mình."
        ),
        error_messages={
            "invalid": _("Số văn bản phải là số nguyên."),
            "min_value": _("Số văn bản phải từ 1 trở lên."),
            "max_value": _("Số văn bản quá lớn."),
        },
    )

    def __init__(self, *args: Any, digital: bool = False, **kwargs: Any) -> None:
        """``digital``: the decision was signed digitally (the seal certificate is asked)."""
        super().__init__(*args, **kwargs)
        if digital:
            self.fields["certificate"].label = _("Tệp chứng thư số của cơ quan (.p12, .pfx)")
            self.fields["certificate"].help_text = _(
                "Bắt buộc: quyết định đã được ký số, số và ngày được đóng lên tệp bằng chữ ký "
                "số của cơ quan."
            )
        else:
            del self.fields["certificate"]
            del self.fields["password"]


class ReturnForm(Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScanForm(Form):
    scan = forms.FileField(
        label=_("Bản chụp quyết định đã ký, đóng dấu (PDF, JPEG, PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
    )
