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
