from django.urls import path

from nominations.dossiers import views as staff

urlpatterns = [
    path("", staff.staff_home, name="staff-home"),
    path("ho-so/", staff.nomination_list, name="nomination-list"),
    path("ho-so/moi/", staff.nomination_create, name="nomination-create"),
    path("ho-so/<int:pk>/", staff.nomination_detail, name="nomination-detail"),
    path("ho-so/<int:pk>/sua/", staff.nomination_edit, name="nomination-edit"),
    path("ho-so/<int:pk>/xoa/", staff.nomination_delete, name="nomination-delete"),
    path("ho-so/<int:pk>/nop/", staff.nomination_submit, name="nomination-submit"),
    path("ho-so/<int:pk>/rut/", staff.nomination_withdraw, name="nomination-withdraw"),
    path("ho-so/<int:pk>/bien-ban-xet/", staff.unit_review, name="unit-review"),
    path("ho-so/<int:pk>/tai-lieu/", staff.evidence_upload, name="evidence-upload"),
    path(
        "ho-so/<int:pk>/tai-lieu/<int:evidence_pk>/",
        staff.evidence_download,
        name="evidence-download",
    ),
    path(
        "ho-so/<int:pk>/tai-lieu/<int:evidence_pk>/xoa/",
        staff.evidence_delete,
        name="evidence-delete",
    ),
    path("ho-so/<int:pk>/anh/<str:size>/", staff.nomination_photo, name="nomination-photo"),
    path("ho-so/<int:pk>/cong-khai/xac-nhan/", staff.privacy_confirm, name="privacy-confirm"),
    path("ho-so/<int:pk>/cong-khai/duyet/", staff.story_approve, name="story-approve"),
    path("ho-so/<int:pk>/dong-y/", staff.consent_record, name="consent-record"),
    path("ho-so/<int:pk>/dong-y/rut/", staff.consent_withdraw, name="consent-withdraw"),
    path(
        "ho-so/<int:pk>/dong-y/<int:consent_pk>/ban-quet/",
        staff.consent_scan,
        name="consent-scan",
    ),
    path("ho-so/nop/", staff.batch_submit, name="batch-submit"),
    path("to-trinh/", staff.batch_list, name="batch-list"),
    path("to-trinh/<int:pk>/", staff.cover_letter_pdf, name="cover-letter"),
]
