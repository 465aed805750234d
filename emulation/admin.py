from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation import public_holidays
from emulation.accounts import services as two_factor
from emulation.forms import Form, ModelForm, NormalizedFormMixin
from emulation.models import AuditLog, Authority, Holiday, RegisterEntry, Role, User, Ward

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _is_administrator(user: User | AnonymousUser) -> bool:
    """Superusers and accounts of the administrator role (the AuditLog admin's rule)."""
    return user.is_active and (user.is_superuser or getattr(user, "role", "") == Role.ADMIN)


class ModelAdmin(admin.ModelAdmin):
    """Base of every ModelAdmin of the project: its forms normalise typed text
    (``emulation.forms``). tests/security/test_hostile_text.py proves it for every admin."""

    form = ModelForm


class TabularInline(admin.TabularInline):
    """Base of every inline of the project, for the same reason as :class:`ModelAdmin`."""

    form = ModelForm


class UserChangeForm(NormalizedFormMixin, auth_forms.UserChangeForm):
    """Django's user form with normalised text; the password fields are left as typed."""


class UserCreationForm(NormalizedFormMixin, auth_forms.UserCreationForm):
    """Django's account creation form with normalised text; passwords are left as typed."""


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Django's own, re-registered with the normalising form."""

    form = ModelForm


@admin.register(Authority)
class AuthorityAdmin(ModelAdmin):
    list_display = ["name", "level", "place", "decision_symbol", "chairman_title", "is_current"]


@admin.register(Ward)
class WardAdmin(ModelAdmin):
    list_display = ["name", "code", "slug", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code", "name_folded"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["username", "full_name", "role", "ward", "is_active", "two_factor"]
    actions = ["reset_two_factor"]
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
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "role",
                    "ward",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(devices))

    @admin.display(description=_("xác thực hai lớp"), boolean=True)
    def two_factor(self, obj: User) -> bool:
        return bool(getattr(obj, "has_two_factor", False))

    @admin.action(description=_("Đặt lại xác thực hai lớp (người dùng phải đăng ký lại)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Remove the chosen users' authenticator devices and recovery codes (a lost phone);
        administrators only, from a session verified by their own code, each reset in the audit
        log and told to the user by e-mail."""
        if not _is_administrator(request.user):
            self.message_user(
                request, _("Chỉ quản trị hệ thống được đặt lại."), level=messages.ERROR
            )
            return
        refusal = two_factor.reset_refusal(request)
        if refusal is not None:
            self.message_user(request, refusal, level=messages.ERROR)
            return
        actor = cast("User", request.user)
        users = list(queryset)
        for user in users:
            two_factor.reset_two_factor(user, actor)
        unreachable = [u.username for u in users if not u.email]
        if unreachable:
            self.message_user(
                request,
                _(
                    "Các tài khoản sau chưa có địa chỉ e-mail nên chưa được báo tin; hãy báo "
                    "trực tiếp cho họ: %(names)s."
                )
                % {"names": ", ".join(unreachable)},
                level=messages.WARNING,
            )
        self.message_user(
            request,
            ngettext(
                "Đã đặt lại xác thực hai lớp cho %(n)d tài khoản.",
                "Đã đặt lại xác thực hai lớp cho %(n)d tài khoản.",
                len(users),
            )
            % {"n": len(users)},
            level=messages.SUCCESS,
        )


@admin.register(AuditLog)
class AuditLogAdmin(ModelAdmin):
    """Readable by the administrator, never editable: no add, change or delete."""

    list_display = ["at", "actor_name", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    readonly_fields = [
        "at",
        "actor",
        "actor_name",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
    ]

    def has_view_permission(self, request: HttpRequest, obj: AuditLog | None = None) -> bool:
        return _is_administrator(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditLog | None = None) -> bool:
        return False


class HolidayYearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> Iterable[tuple[str, str]]:
        years = Holiday.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> QuerySet[Holiday]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ModelAdmin):
    """The register of outgoing documents, read only: numbers are taken by the app's steps
    (emulation.numbering.register), never typed here."""

    list_display = (
        "reference",
        "registered_on",
        "doc_type",
        "unit",
        "subject",
        "signer_name",
        "registered_by",
        "entered_by_hand",
    )
    list_filter = ("year", "doc_type", "entered_by_hand")
    search_fields = ("subject", "signer_name")
    date_hierarchy = "registered_on"
    list_select_related = ("unit", "registered_by")

    @admin.display(description=_("số, ký hiệu"))
    def reference(self, obj: RegisterEntry) -> str:
        return obj.reference

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def weekday_name(day: dt.date) -> StrOrPromise:
    """ "Thứ Hai" … "Chủ nhật"."""
    return [
        _("Thứ Hai"),
        _("Thứ Ba"),
        _("Thứ Tư"),
        _("Thứ Năm"),
        _("Thứ Sáu"),
        _("Thứ Bảy"),
        _("Chủ nhật"),
    ][day.weekday()]


class HolidayYearForm(Form):
    """The year to pre-fill or to compare with the standard calendar."""

    year = forms.IntegerField(
        label=_("Năm"),
        min_value=public_holidays.FIRST_YEAR,
        max_value=public_holidays.LAST_YEAR,
        error_messages={
            "required": _("Hãy nhập năm."),
            "invalid": _("Năm phải là một số, ví dụ 2027."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
    )


@admin.register(Holiday)
class HolidayAdmin(ModelAdmin):
    """Public holidays and swapped working days, entered each year from the Government's
    announcement. Only the administrator (or a superuser) reads and changes them. Two pages
    beside the list: "Điền sẵn năm …" adds the standard calendar's days the table lacks, and
    "So sánh với lịch chuẩn" lists where the two differ (emulation.public_holidays)."""

    list_display = ["date", "weekday", "name", "kind"]
    list_filter = [HolidayYearFilter, "kind"]
    search_fields = ["name"]
    ordering = ["date"]
    change_list_template = "admin/emulation/holiday/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("dien-san/", wrap(self.prefill_view), name="emulation_holiday_prefill"),
            path("so-sanh/", wrap(self.compare_view), name="emulation_holiday_compare"),
            *super().get_urls(),
        ]

    def _year_form(self, request: HttpRequest, default: int) -> HolidayYearForm:
        """The year asked for (posted, or in the address), ``default`` when none is given."""
        data: Mapping[str, Any] = request.POST if request.method == "POST" else request.GET
        if request.method != "POST" and not data.get("year"):
            data = {"year": str(default)}
        return HolidayYearForm(data)

    def prefill_view(self, request: HttpRequest) -> HttpResponse:
        """GET: the standard days of the year, each marked "to add" or "kept as entered";
        POST: add them (administrators only), then back to the year's list."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = self._year_form(request, default=timezone.localdate().year + 1)
        year = form.cleaned_data["year"] if form.is_valid() else None
        if request.method == "POST" and year is not None:
            added, kept = public_holidays.prefill(year)
            self.message_user(
                request,
                _("Năm %(y)s: đã thêm %(n)s ngày theo lịch chuẩn; giữ nguyên %(k)s ngày đã có.")
                % {"y": year, "n": len(added), "k": kept},
                level=messages.SUCCESS,
            )
            changelist = reverse("admin:emulation_holiday_changelist")
            return HttpResponseRedirect(f"{changelist}?year={year}")
        days = public_holidays.standard_days(year) if year is not None else []
        taken = set(
            Holiday.objects.filter(date__in=[d.date for d in days]).values_list("date", flat=True)
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Điền sẵn ngày nghỉ lễ, tết theo lịch chuẩn"),
            "form": form,
            "year": year,
            "rows": [(d, weekday_name(d.date), d.date in taken) for d in days],
            "to_add": sum(1 for d in days if d.date not in taken),
        }
        return TemplateResponse(request, "admin/emulation/holiday/prefill.html", context)

    def compare_view(self, request: HttpRequest) -> HttpResponse:
        """The dates of a year where the table and the standard calendar differ."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = self._year_form(request, default=timezone.localdate().year)
        year = form.cleaned_data["year"] if form.is_valid() else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("So sánh với lịch chuẩn"),
            "form": form,
            "year": year,
            "rows": [
                (d, weekday_name(d.date))
                for d in (public_holidays.differences(year) if year is not None else [])
            ],
        }
        return TemplateResponse(request, "admin/emulation/holiday/compare.html", context)

    @admin.display(description=_("thứ"))
    def weekday(self, obj: Holiday) -> StrOrPromise:
        return weekday_name(obj.date)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Holiday | None = None) -> bool:
        return _is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Holiday | None = None) -> bool:
        return _is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Holiday | None = None) -> bool:
        return _is_administrator(request.user)


# The office's name on every admin page, instead of Django's own.
admin.site.site_header = _("Thi đua - Khen thưởng: quản trị hệ thống")
admin.site.site_title = _("Quản trị Thi đua")
admin.site.index_title = _("Dữ liệu danh mục, tài khoản và nhật ký")

# django-otp's own admin pages list every device with its secret key (TOTP seed, recovery
# codes). Devices are managed by their owner (/tai-khoan/…) and reset from the user list
# ("reset_two_factor"): the secrets are never shown to an administrator. Importing the
# plugins' admin modules first makes them register now, so the unregistering sticks.
import django_otp.plugins.otp_static.admin  # noqa: E402, F401
import django_otp.plugins.otp_totp.admin  # noqa: E402, F401
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402

for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
