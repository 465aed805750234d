"""Admin pages: reference and inspection. State changes go through the workflow module."""

from django.contrib import admin

from nominations.models import Decision, Nomination, Nominee, Suggestion, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "from_state", "to_state", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nominee)
class NomineeAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "ward", "birth_year"]
    list_filter = ["kind", "ward"]
    search_fields = ["name_folded", "full_name"]
    list_select_related = ["ward"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee", "ward", "campaign", "award_kind", "state", "updated_at"]
    list_filter = ["state", "campaign", "award_kind", "ward"]
    search_fields = ["search_text"]
    list_select_related = ["nominee", "ward", "campaign", "award_kind"]
    readonly_fields = ["state", "version", "submitted_at", "awarded_on", "created_by"]
    raw_id_fields = ["nominee"]
    inlines = [TransitionInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "authority", "kind", "state", "decided_on"]
    list_filter = ["state", "kind", "year"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["nominee_name", "ward", "writer_name", "state", "created_at"]
    list_filter = ["state", "ward"]
