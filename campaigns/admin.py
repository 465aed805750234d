from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardKind, BaseSalary, Campaign, LegalText, NomineeKind
from emulation.admin import ModelAdmin
from emulation.formats import dong
from emulation.forms import ModelForm


@admin.register(AwardKind)
class AwardKindAdmin(ModelAdmin):
    list_display = [
        "name",
        "form",
        "for_individual",
        "for_collective",
        "for_household",
        "coefficient_individual",
        "coefficient_collective",
        "vote_threshold",
        "denominator",
        "secret_ballot",
        "allows_simplified",
        "artefact",
        "by_district",
        "by_commune",
        "unverified",
        "active",
    ]
    list_filter = ["form", "active", "allows_simplified", "artefact", "yearly_staff_title"]
    search_fields = ["name"]
    readonly_fields = ["unverified"]

    @admin.display(description=_("hệ số chưa xác minh nguồn"))
    def unverified(self, obj: AwardKind) -> str:
        """The nominee kinds whose coefficient no recorded source confirms, e.g. "Hộ gia đình"
        for the household rate of a Giấy khen; "" when every coefficient has its source."""
        return ", ".join(str(NomineeKind(k).label) for k in obj.unverified_coefficients())


@admin.register(LegalText)
class LegalTextAdmin(ModelAdmin):
    list_display = [
        "short_title",
        "signed_on",
        "issuer",
        "in_force_from",
        "in_force_until",
        "for_district",
        "for_commune",
        "cited_in_bases",
        "governs_money",
    ]
    list_filter = ["kind", "governs_money", "for_district", "for_commune"]
    search_fields = ["number", "subject"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(ModelAdmin):
    list_display = ["valid_from", "amount_in_dong", "legal_basis"]
    search_fields = ["legal_basis"]

    @admin.display(description=BaseSalary._meta.get_field("amount").verbose_name, ordering="amount")
    def amount_in_dong(self, obj: BaseSalary) -> str:
        return dong(obj.amount)


class CampaignAdminForm(ModelForm):
    """The campaign's form: the award kinds chosen here are checked against the Law by the
    model's validation (``Campaign.clean`` → ``campaigns.offers.campaign_refusals``) before
    they are saved."""

    class Meta:
        model = Campaign
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if "award_kinds" in data:
            self.instance.offered_kinds = list(data["award_kinds"])
        return data


@admin.register(Campaign)
class CampaignAdmin(ModelAdmin):
    form = CampaignAdminForm
    list_display = ["name", "launched_by", "kind", "opens_on", "deadline", "closes_on", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "name_folded", "launched_by"]
    filter_horizontal = ["award_kinds"]
    date_hierarchy = "opens_on"
