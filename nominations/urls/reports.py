from django.urls import path

from nominations.views import reports

urlpatterns = [
    path("", reports.statistics_page, name="reports"),
    path("thong-ke/tai-ve/", reports.statistics_export, name="reports-statistics-export"),
    path("ho-so/tai-ve/", reports.nomination_export, name="reports-nominations-export"),
    path("quyet-dinh/<int:pk>/tai-ve/", reports.decision_export, name="reports-decision-export"),
]
