from django.contrib import admin

from campaigns.models import AwardKind, BaseSalary, Campaign
from emulation.admin import ModelAdmin
from emulation.formats import dong


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
        "active",
    ]
    list_filter = ["form", "active", "allows_simplified"]
    search_fields = ["name"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(ModelAdmin):
    list_display = ["valid_from", "amount_in_dong", "legal_basis"]

    @admin.display(description=BaseSalary._meta.get_field("amount").verbose_name, ordering="amount")
    def amount_in_dong(self, obj: BaseSalary) -> str:
        return dong(obj.amount)


@admin.register(Campaign)
class CampaignAdmin(ModelAdmin):
    list_display = ["name", "launched_by", "kind", "opens_on", "deadline", "closes_on", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "name_folded", "launched_by"]
    filter_horizontal = ["award_kinds"]
    date_hierarchy = "opens_on"
