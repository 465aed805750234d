from django.urls import path

from nominations.decisions import views as decisions

urlpatterns = [
    path("quyet-dinh/", decisions.decision_list, name="decision-list"),
    path("quyet-dinh/moi/", decisions.decision_create, name="decision-create"),
    path("quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("quyet-dinh/<int:pk>/sua/", decisions.decision_edit, name="decision-edit"),
    path("quyet-dinh/<int:pk>/xoa/", decisions.decision_delete, name="decision-delete"),
    path("quyet-dinh/<int:pk>/trinh-ky/", decisions.decision_submit, name="decision-submit"),
    path("quyet-dinh/<int:pk>/tra-lai/", decisions.decision_return, name="decision-return"),
    path("quyet-dinh/<int:pk>/ban-hanh/", decisions.decision_issue, name="decision-issue"),
    path("quyet-dinh/<int:pk>/vao-so/", decisions.decision_register, name="decision-register"),
    path("quyet-dinh/<int:pk>/ban-chup/", decisions.decision_scan, name="decision-scan"),
    path("quyet-dinh/<int:pk>/phat-hanh/", decisions.decision_publish, name="decision-publish"),
    path("so-van-ban/", decisions.register_list, name="register-list"),
    path("quyet-dinh/<int:pk>/thu-hoi/", decisions.decision_revoke, name="decision-revoke"),
    path("quyet-dinh/<int:pk>/quyet-dinh.pdf", decisions.decision_pdf, name="decision-pdf"),
    path(
        "quyet-dinh/<int:pk>/giay-khen.pdf",
        decisions.certificates_pdf,
        name="decision-certificates",
    ),
    path("giay-khen/<int:award_pk>.pdf", decisions.certificate_pdf, name="award-certificate"),
]
