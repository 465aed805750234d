"""Account pages under /tai-khoan/ (the login and password pages are in emulation/urls.py)."""

from django.urls import path

from emulation.accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("xac-thuc/", views.verify, name="two-factor-verify"),
    path("xac-thuc/dang-ky/", views.enrol, name="two-factor-enrol"),
    path("xac-thuc/ma-du-phong/", views.recovery_codes, name="two-factor-recovery-codes"),
]
