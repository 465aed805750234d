from django.urls import path

from nominations.views import council

urlpatterns = [
    path("", council.review_queue, name="review-queue"),
    path("tong-quan/", council.council_home, name="council-home"),
    path("tiep-nhan/", council.bulk_accept, name="bulk-accept"),
    path("ho-so/<int:pk>/", council.dossier, name="council-dossier"),
    path("ho-so/<int:pk>/tiep-nhan/", council.dossier_accept, name="dossier-accept"),
    path("ho-so/<int:pk>/tra-lai/", council.dossier_return, name="dossier-return"),
    path("ho-so/<int:pk>/de-nghi/", council.dossier_recommend, name="dossier-recommend"),
    path("ho-so/<int:pk>/ghi-chu/", council.dossier_note, name="dossier-note"),
    path("cuoc-hop/", council.meeting_list, name="meeting-list"),
    path("cuoc-hop/moi/", council.meeting_create, name="meeting-create"),
    path("cuoc-hop/<int:pk>/", council.meeting_detail, name="meeting-detail"),
    path("cuoc-hop/<int:pk>/chuong-trinh/", council.meeting_agenda, name="meeting-agenda"),
    path("cuoc-hop/<int:pk>/bieu-quyet/<int:nomination_pk>/", council.meeting_vote,
         name="meeting-vote"),
    path("cuoc-hop/<int:pk>/ket-thuc/", council.meeting_close, name="meeting-close"),
    path("cuoc-hop/<int:pk>/bien-ban.pdf", council.meeting_minutes, name="meeting-minutes"),
    path("quyet-dinh/", council.decision_list, name="decision-list"),
    path("quyet-dinh/moi/", council.decision_create, name="decision-create"),
    path("quyet-dinh/<int:pk>/", council.decision_detail, name="decision-detail"),
    path("quyet-dinh/<int:pk>/sua/", council.decision_edit, name="decision-edit"),
    path("quyet-dinh/<int:pk>/xoa/", council.decision_delete, name="decision-delete"),
    path("quyet-dinh/<int:pk>/ban-hanh/", council.decision_issue, name="decision-issue"),
    path("quyet-dinh/<int:pk>/thu-hoi/", council.decision_revoke, name="decision-revoke"),
    path("quyet-dinh/<int:pk>/quyet-dinh.pdf", council.decision_pdf, name="decision-pdf"),
    path("quyet-dinh/<int:pk>/giay-khen.pdf", council.certificates_pdf,
         name="decision-certificates"),
    path("giay-khen/<int:award_pk>.pdf", council.certificate_pdf, name="award-certificate"),
]
