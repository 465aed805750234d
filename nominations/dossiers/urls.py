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
    path("ho-so/nop/", staff.batch_submit, name="batch-submit"),
    path("to-trinh/", staff.batch_list, name="batch-list"),
    path("to-trinh/<int:pk>/", staff.cover_letter_pdf, name="cover-letter"),
]
