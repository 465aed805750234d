"""Forms of the reports pages: statistics filters, the export filters of the ward list, the
Excel upload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import AwardKind, Campaign
from emulation.forms import Form
from emulation.models import Ward
from nominations.dossiers.listing import filter_nominations
from nominations.models import (
    Nomination,
    NominationState,
)
from nominations.permissions import nominations_for
from nominations.reports.statistics import MAX_YEARS

if TYPE_CHECKING:
    from emulation.models import User


def offered_award_kinds(user: User | None) -> QuerySet[AwardKind]:
    """The award kinds a filter offers: those in use, and the retired ones that the dossiers
    this user may see still carry (so old dossiers stay findable); no other retired kind."""
    if user is None:
        return AwardKind.objects.filter(active=True)
    carried = nominations_for(user).values("award_kind_id")
    return AwardKind.objects.filter(Q(active=True) | Q(pk__in=carried))


class NominationFilterForm(Form):
    """The filters of the nomination lists: campaign, state, award kind, year, search."""

    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Phong trào"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả phong trào"),
    )
    state = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False)
    award_kind = forms.ModelChoiceField(
        label=gettext_lazy("Hình thức"),
        queryset=AwardKind.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả hình thức"),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm"), min_value=2000, max_value=2100, required=False
    )
    q = forms.CharField(label=gettext_lazy("Tìm theo tên"), max_length=100, required=False)

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["campaign"].queryset = Campaign.objects.order_by("-opens_on", "name")
        self.fields["award_kind"].queryset = offered_award_kinds(user)
        states = NominationState.choices
        if user is not None and not user.is_ward_officer:
            states = [c for c in states if c[0] != NominationState.DRAFT]
        self.fields["state"].choices = [("", _("Tất cả trạng thái")), *states]

    def apply(self, qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
        data = self.cleaned_data
        return filter_nominations(
            qs,
            campaign=data.get("campaign"),
            state=data.get("state") or "",
            award_kind=data.get("award_kind"),
            year=data.get("year"),
            q=data.get("q") or "",
        )

    def describe(self) -> str:
        data = self.cleaned_data
        parts = []
        if self.user is not None and self.user.is_ward_officer:
            parts.append(_("Phường: %(w)s") % {"w": self.user.ward})
        if data.get("campaign"):
            parts.append(_("Phong trào: %(c)s") % {"c": data["campaign"]})
        if data.get("state"):
            parts.append(_("Trạng thái: %(s)s") % {"s": NominationState(data["state"]).label})
        if data.get("award_kind"):
            parts.append(_("Hình thức: %(k)s") % {"k": data["award_kind"]})
        if data.get("year"):
            parts.append(_("Năm: %(y)d") % {"y": data["year"]})
        if data.get("q"):
            parts.append(_("Tìm: “%(q)s”") % {"q": data["q"]})
        return "; ".join(parts) or _("Không lọc (tất cả hồ sơ được xem)")


class UploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy("Dùng tệp mẫu tải về từ trang này."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class StatisticsFilterForm(Form):
    """Year range and the list filters. A ward officer gets no ward choice: his ward only."""

    fields: dict[str, Any]  # fields of their own kinds (queryset, choices…), not bare Field

    year_from = forms.IntegerField(
        label=gettext_lazy("Từ năm"), min_value=2000, max_value=2100, required=False
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("Đến năm"), min_value=2000, max_value=2100, required=False
    )
    ward = forms.ModelChoiceField(
        label=gettext_lazy("Phường"),
        queryset=Ward.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả các phường"),
    )
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Phong trào"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả phong trào"),
    )
    award_kind = forms.ModelChoiceField(
        label=gettext_lazy("Hình thức khen thưởng"),
        queryset=AwardKind.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả hình thức"),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_ward_officer:
            del self.fields["ward"]
        else:
            self.fields["ward"].queryset = Ward.objects.all()
        self.fields["campaign"].queryset = Campaign.objects.order_by("-opens_on", "name")
        self.fields["award_kind"].queryset = offered_award_kinds(user)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        this_year = timezone.localdate().year
        year_to = data.get("year_to") or this_year
        year_from = data.get("year_from") or year_to - 4
        if year_from > year_to:
            raise forms.ValidationError(_("“Từ năm” phải không sau “Đến năm”."))
        if year_to - year_from + 1 > MAX_YEARS:
            raise forms.ValidationError(
                _("Chỉ thống kê tối đa %(n)d năm một lần.") % {"n": MAX_YEARS}
            )
        data["year_from"], data["year_to"] = year_from, year_to
        return data

    def default_data(self) -> dict[str, Any]:
        this_year = timezone.localdate().year
        return {
            "year_from": this_year - 4,
            "year_to": this_year,
            "ward": None,
            "campaign": None,
            "award_kind": None,
        }

    def describe(self, data: dict[str, Any]) -> str:
        """The filters applied, in words (printed on exports)."""
        parts = [
            _("Năm %(a)d") % {"a": data["year_from"]}
            if data["year_from"] == data["year_to"]
            else _("Từ năm %(a)d đến năm %(b)d") % {"a": data["year_from"], "b": data["year_to"]}
        ]
        if self.user is not None and self.user.is_ward_officer:
            parts.append(_("Phường: %(w)s") % {"w": self.user.ward})
        elif data.get("ward"):
            parts.append(_("Phường: %(w)s") % {"w": data["ward"]})
        if data.get("campaign"):
            parts.append(_("Phong trào: %(c)s") % {"c": data["campaign"]})
        if data.get("award_kind"):
            parts.append(_("Hình thức: %(k)s") % {"k": data["award_kind"]})
        return "; ".join(parts)
