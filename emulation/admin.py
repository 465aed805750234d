from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from emulation.models import AuditLog, Authority, User, Ward


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "decision_symbol", "chairman_title", "is_current"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code", "name_folded"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "ward", "is_active"]
    list_filter = ["role", "ward", "is_active"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["ward"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "email", "position", "role", "ward")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "role", "ward",
                                                  "password1", "password2")}),
    )


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Readable by the administrator, never editable: no add, change or delete (issue 7)."""

    list_display = ["at", "actor_name", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    readonly_fields = ["at", "actor", "actor_name", "action", "content_type", "object_id",
                       "object_repr", "changes"]

    def has_view_permission(self, request, obj=None):
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "role", "") == "admin")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
