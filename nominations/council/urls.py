from django.urls import path

from nominations.council import views as council

urlpatterns = [
    path("", council.review_queue, name="review-queue"),
    path("tong-quan/", council.council_home, name="council-home"),
    path("tiep-nhan/", council.bulk_accept, name="bulk-accept"),
    path("ho-so/<int:pk>/", council.dossier, name="council-dossier"),
    path("ho-so/<int:pk>/tiep-nhan/", council.dossier_accept, name="dossier-accept"),
    path("ho-so/<int:pk>/tra-lai/", council.dossier_return, name="dossier-return"),
    path("ho-so/<int:pk>/de-nghi/", council.dossier_recommend, name="dossier-recommend"),
    path("ho-so/<int:pk>/ghi-chu/", council.dossier_note, name="dossier-note"),
    path(
        "ho-so/<int:pk>/giay-khen/",
        council.dossier_certificate_line,
        name="dossier-certificate-line",
    ),
    path("cuoc-hop/", council.meeting_list, name="meeting-list"),
    path("cuoc-hop/moi/", council.meeting_create, name="meeting-create"),
    path("cuoc-hop/<int:pk>/", council.meeting_detail, name="meeting-detail"),
    path("cuoc-hop/<int:pk>/chuong-trinh/", council.meeting_agenda, name="meeting-agenda"),
    path(
        "cuoc-hop/<int:pk>/bieu-quyet/<int:nomination_pk>/",
        council.meeting_vote,
        name="meeting-vote",
    ),
    path(
        "cuoc-hop/<int:pk>/kiem-phieu/<int:item_pk>/",
        council.meeting_paper_count,
        name="meeting-paper-count",
    ),
    path(
        "cuoc-hop/<int:pk>/bien-ban-kiem-phieu/",
        council.meeting_counting_reports,
        name="meeting-counting-reports",
    ),
    path("cuoc-hop/<int:pk>/ket-thuc/", council.meeting_close, name="meeting-close"),
    path("cuoc-hop/<int:pk>/bien-ban.pdf", council.meeting_minutes, name="meeting-minutes"),
]
