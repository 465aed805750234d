from django.urls import path

from nominations.notices import views as notices

urlpatterns = [
    path("thong-bao/", notices.notice_list, name="notice-list"),
    path("thong-bao/<int:pk>/mo/", notices.notice_open, name="notice-open"),
    path("thong-bao/da-doc/", notices.notice_read_all, name="notice-read-all"),
    path("thong-bao/nhan-thu/", notices.email_choices, name="notice-email-choices"),
    path("thong-bao/huy-nhan/<str:token>/", notices.unsubscribe, name="notice-unsubscribe"),
    path("lich/phong-trao.ics", notices.campaign_calendar, name="calendar-campaigns"),
    path("lich/dat-lai/", notices.calendar_reset, name="calendar-reset"),
    path("lich/<str:secret>.ics", notices.meeting_calendar, name="calendar-meetings"),
]
