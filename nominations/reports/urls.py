from django.urls import path

from nominations.reports import views as reports

urlpatterns = [
    path("", reports.statistics_page, name="reports"),
    path("thong-ke/tai-ve/", reports.statistics_export, name="reports-statistics-export"),
    path("ho-so/tai-ve/", reports.nomination_export, name="reports-nominations-export"),
    path("quyet-dinh/<int:pk>/tai-ve/", reports.decision_export, name="reports-decision-export"),
    path("nhap-excel/", reports.import_upload, name="reports-import"),
    path("nhap-excel/mau/", reports.import_template, name="reports-import-template"),
    path("nhap-excel/<str:token>/", reports.import_preview, name="reports-import-preview"),
    path("nhap-excel/<str:token>/xac-nhan/", reports.import_confirm, name="reports-import-confirm"),
]
