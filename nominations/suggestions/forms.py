"""Forms of residents' suggestions: the public form (with its spam defences) and the
officer's choice of campaign when turning a suggestion into a draft."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from emulation.forms import Form, ModelForm
from emulation.models import Ward
from emulation.phone import normalize_phone
from emulation.text import normalize
from nominations.files import images
from nominations.models import Suggestion
from nominations.suggestions.services import (
    DEEDS_MAX_CHARS,
    DEEDS_MIN_CHARS,
    good_deed_campaign,
    min_fill_seconds,
    new_timestamp,
    seconds_since,
)


class SuggestionForm(ModelForm):
    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    # The honeypot: hidden from people by CSS and from assistive tech by aria-hidden.
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Trang web (để trống ô này)"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Suggestion
        fields = [
            "nominee_name",
            "ward",
            "nominee_where",
            "deeds",
            "photo",
            "writer_name",
            "writer_contact",
            "writer_wants_news",
        ]
        labels = {
            "nominee_name": gettext_lazy("Họ tên người được giới thiệu"),
            "ward": gettext_lazy("Phường nơi người đó sinh sống hoặc làm việc"),
            "nominee_where": gettext_lazy("Tổ dân phố, cơ quan hoặc trường học"),
            "deeds": gettext_lazy("Việc tốt của họ"),
            "photo": gettext_lazy("Ảnh (không bắt buộc)"),
            "writer_name": gettext_lazy("Họ tên của bạn"),
            "writer_wants_news": gettext_lazy(
                "Báo tin cho tôi qua thư điện tử khi người này được khen thưởng"
            ),
            "writer_contact": gettext_lazy("Số điện thoại hoặc thư điện tử của bạn"),
        }
        help_texts = {
            "deeds": gettext_lazy(
                "Kể ngắn gọn họ đã làm gì, ở đâu, khi nào (từ 30 đến 5.000 ký tự)."
            ),
            "photo": gettext_lazy("JPEG, PNG hoặc WebP, tối đa 10 MB. Chỉ cán bộ phường xem được."),
            "writer_wants_news": gettext_lazy(
                "Chỉ khi bạn để lại địa chỉ thư điện tử; mỗi thư đều có đường dẫn hủy nhận tin."
            ),
            "writer_contact": gettext_lazy(
                "Chỉ dùng để cán bộ phường liên hệ xác minh, không công khai."
            ),
        }
        widgets = {
            "deeds": forms.Textarea(attrs={"rows": 6, "maxlength": DEEDS_MAX_CHARS}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.filter(active=True).order_by("sort_key")
        self.fields["ward"].empty_label = _("— Chọn phường —")
        self.fields["nominee_where"].required = False
        self.fields["writer_contact"].required = True
        self.fields["website"].widget.attrs["aria-hidden"] = "true"
        self.photo_files: images.ProcessedPhoto | None = None
        if not self.is_bound:
            self.initial["started"] = new_timestamp()

    def _text(self, name: str) -> str:
        return normalize(self.cleaned_data.get(name) or "")

    def clean_nominee_name(self) -> str:
        return self._text("nominee_name")

    def clean_nominee_where(self) -> str:
        return self._text("nominee_where")

    def clean_writer_name(self) -> str:
        return self._text("writer_name")

    def clean_writer_contact(self) -> str:
        """An e-mail address (it holds "@") or a Vietnamese phone number, stored normalised
        ("0912345678")."""
        contact = self._text("writer_contact")
        if "@" in contact:
            EmailValidator(message=_("Địa chỉ thư điện tử không hợp lệ."))(contact)
            return contact
        return normalize_phone(contact)

    def clean_deeds(self) -> str:
        # Keep the resident's paragraphs: only trim and drop control characters.
        text = "\n".join(
            normalize(line)
            for line in (self.cleaned_data.get("deeds") or "").replace("\r\n", "\n").split("\n")
        ).strip()
        if len(text) < DEEDS_MIN_CHARS:
            raise ValidationError(
                _("Xin kể cụ thể hơn (ít nhất %(n)d ký tự).") % {"n": DEEDS_MIN_CHARS}
            )
        if len(text) > DEEDS_MAX_CHARS:
            raise ValidationError(_("Xin rút gọn (tối đa %(n)s ký tự).") % {"n": "5.000"})
        return text

    def clean_photo(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("photo")
        if upload:
            self.photo_files = images.process_photo(upload)
        return upload

    def clean_started(self) -> str:
        elapsed = seconds_since(self.cleaned_data.get("started", ""))
        if elapsed is None:
            raise ValidationError(_("Biểu mẫu đã hết hạn. Xin gửi lại."))
        if elapsed < min_fill_seconds():
            raise ValidationError(_("Bạn gửi hơi nhanh. Xin đọc lại nội dung rồi bấm gửi lại."))
        return self.cleaned_data["started"]

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    @property
    def timing_error(self) -> str:
        errors = self.errors.get("started")
        return errors[0] if errors else ""  # type: ignore[return-value]  # ErrorList yields str


class ConvertForm(Form):
    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Phong trào"),
        empty_label=gettext_lazy("— Chọn phong trào —"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Campaign.objects.accepting_nominations().order_by("deadline", "name")
        self.fields["campaign"].queryset = queryset
        if not self.is_bound:
            self.fields["campaign"].initial = good_deed_campaign(list(queryset))
