"""Admin pages: reference and inspection. State changes go through the workflow module."""

from __future__ import annotations

import json

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from emulation.admin import ModelAdmin, TabularInline
from emulation.formats import dong
from emulation.forms import ModelForm
from emulation.phone import normalize_phone
from nominations import personal_data
from nominations.decisions.services import AWARD_SNAPSHOT
from nominations.models import (
    Award,
    Consent,
    Decision,
    DecisionState,
    Nomination,
    Nominee,
    PersonalDataRequest,
    Suggestion,
    Transition,
)


class TransitionInline(TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "at",
        "actor",
        "action_label",
        "from_state",
        "to_state",
        "comment",
    )

    def has_add_permission(self, request: HttpRequest, obj: Nomination | None = None) -> bool:
        return False

    @admin.display(description=Transition._meta.get_field("action").verbose_name)
    def action_label(self, obj: Transition) -> str:
        return obj.label


class NomineeAdminForm(ModelForm):
    """The phone is stored in the form every page stores it (``emulation.phone``)."""

    class Meta:
        model = Nominee
        fields = [
            "ward",
            "kind",
            "full_name",
            "gender",
            "birth_year",
            "position",
            "workplace",
            "phone",
            "member_count",
            "head_name",
            "address",
        ]

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone") or "")


@admin.register(Nominee)
class NomineeAdmin(ModelAdmin):
    form = NomineeAdminForm
    list_display = ["full_name", "kind", "ward", "birth_year"]
    list_filter = ["kind", "ward"]
    search_fields = ["name_folded", "full_name"]
    list_select_related = ["ward"]
    actions = ["export_personal_data", "erase_personal_data"]

    @admin.action(description=_("Cung cấp dữ liệu cá nhân (tệp JSON), có ghi sổ"))
    def export_personal_data(
        self, request: HttpRequest, queryset: QuerySet[Nominee]
    ) -> HttpResponse:
        data = [personal_data.export_person(n) for n in queryset.select_related("ward")]
        for nominee in queryset:
            personal_data.log_request(
                nominee,
                request.user,  # type: ignore[arg-type]  # the admin is signed in
                PersonalDataRequest.Kind.EXPORT,
                "",
                str(_("Đã xuất tệp JSON.")),
            )
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=_("Xóa dữ liệu cá nhân theo yêu cầu (giữ phần quyết định phải lưu)"))
    def erase_personal_data(self, request: HttpRequest, queryset: QuerySet[Nominee]) -> None:
        for nominee in queryset:
            summary = personal_data.erase_person(nominee, request.user)  # type: ignore[arg-type]
            self.message_user(request, f"{nominee.full_name}: {summary}")


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(ModelAdmin):
    list_display = ["handled_at", "kind", "nominee_name", "handled_by"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in PersonalDataRequest._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(ModelAdmin):
    list_display = ["nomination", "given_by", "given_on", "method", "withdrawn_at"]
    list_filter = ["method"]
    readonly_fields = [f.name for f in Consent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Nomination)
class NominationAdmin(ModelAdmin):
    list_display = ["nominee", "ward", "campaign", "award_kind", "state", "updated_at"]
    list_filter = ["state", "campaign", "award_kind", "ward"]
    search_fields = ["search_text"]
    list_select_related = ["nominee", "ward", "campaign", "award_kind"]
    readonly_fields = ["state", "version", "submitted_at", "awarded_on", "created_by"]
    raw_id_fields = ["nominee"]
    inlines = [TransitionInline]


class AwardInline(TabularInline):
    """Awards are never edited here: money is frozen by nominations.decisions.services.issue."""

    model = Award
    fk_name = "decision"
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "nomination",
        *AWARD_SNAPSHOT,  # the frozen copy, as nominations.decisions.services.freeze fills it
        "coefficient",
        "base_salary_in_dong",
        "amount_in_dong",
        "verification_code",
        "revoked_by",
    )

    def has_add_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        return False

    @admin.display(description=Award._meta.get_field("base_salary").verbose_name)
    def base_salary_in_dong(self, obj: Award) -> str:
        return dong(obj.base_salary)

    @admin.display(description=Award._meta.get_field("amount").verbose_name)
    def amount_in_dong(self, obj: Award) -> str:
        return dong(obj.amount)


@admin.register(Decision)
class DecisionAdmin(ModelAdmin):
    """Inspection only once issued: read-only, never deleted, by any role, the admin included.

    Decisions are drafted and issued from the council pages (numbering and money live in
    nominations.decisions.services); here a draft's texts may be corrected, nothing else.
    """

    list_display = ["__str__", "issuer", "kind", "state", "decided_on"]
    list_select_related = ["authority"]
    list_filter = ["state", "kind", "year"]
    inlines = [AwardInline]
    actions = None  # no bulk delete: QuerySet.delete would bypass Decision.delete
    readonly_fields = [
        "authority",
        "kind",
        "campaign",
        "state",
        "decided_on",
        "year",
        "number",
        "symbol",
        "signer_name",
        "signer_title",
        "revokes",
        "created_by",
        "submitted_by",
        "submitted_at",
        "returned_reason",
        "issued_by",
        "issued_at",
        "signed_on_paper",
        "registered_by",
        "registered_at",
        "register_entry",
        "published_by",
        "published_at",
        "acknowledged_warnings",
        "acknowledged_by_name",
        # frozen at signature (nominations.decisions.services.freeze), never typed in
        "authority_name",
        "authority_short_name",
        "authority_parent_name",
        "authority_place",
        "authority_level_label",
        "authority_unit_label",
        "authority_council_name",
        "campaign_name",
        "campaign_year",
        "pdf_file",
        "pdf_sha256",
    ]

    @admin.display(description=Decision._meta.get_field("pdf").verbose_name)
    def pdf_file(self, obj: Decision) -> str:
        """The stored file's name, no link: private storage has no public URL (the council's
        decision page downloads it)."""
        return obj.pdf.name or "—"

    @admin.display(description=Decision._meta.get_field("authority").verbose_name)
    def issuer(self, obj: Decision) -> str:
        """The authority as the decision printed it once signed; the live row on a draft."""
        return obj.authority_name if obj.is_frozen else str(obj.authority)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        if obj is not None and obj.state != DecisionState.DRAFT:
            return False  # submitted: the signer's; signed on: frozen
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        return False


@admin.register(Suggestion)
class SuggestionAdmin(ModelAdmin):
    list_display = ["nominee_name", "ward", "writer_name", "state", "created_at"]
    list_filter = ["state", "ward"]
