"""Root URLs: the only place (with settings) that names the apps."""

import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve

from emulation import views

urlpatterns = [
    path("", include("nominations.public.urls")),
    path("can-bo/", include("nominations.dossiers.urls")),
    path("hoi-dong/", include("nominations.council.urls")),
    path("hoi-dong/", include("nominations.decisions.urls")),
    path("can-bo/goi-y/", include("nominations.suggestions.urls")),
    path("bao-cao/", include("nominations.reports.urls")),
    path(
        "tai-khoan/dang-nhap/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=views.BoundedAuthenticationForm
        ),
        name="login",
    ),
    # Django's account URLs, listed rather than included: the include would add a second
    # login page (tai-khoan/login/) beside ours, without redirect_authenticated_user.
    path("tai-khoan/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "tai-khoan/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "tai-khoan/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "tai-khoan/password_reset/",
        views.SitePasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "tai-khoan/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tai-khoan/", include("emulation.accounts.urls")),
    path("", include("nominations.notices.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ngon-ngu/", views.switch_language, name="switch-language"),
    path("quan-tri/", admin.site.urls),
    path("suc-khoe/", views.health, name="health"),
]

handler400 = "emulation.views.bad_request"
handler403 = "emulation.views.permission_denied"
handler404 = "emulation.views.page_not_found"
handler500 = "emulation.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.DEMO:  # the demo runs with DEBUG off and no web server for the public photos
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
