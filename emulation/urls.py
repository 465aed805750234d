"""Root URLs: the only place (with settings) that names the apps."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from emulation import views

urlpatterns = [
    path("", include("nominations.urls.public")),
    path("can-bo/", include("nominations.urls.staff")),
    path("hoi-dong/", include("nominations.urls.council")),
    path("can-bo/goi-y/", include("nominations.urls.suggestions")),
    path("bao-cao/", include("nominations.urls.reports")),
    path("xac-minh/", include("nominations.urls.verify")),
    path("tai-khoan/dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("tai-khoan/", include("django.contrib.auth.urls")),
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
