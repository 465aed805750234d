from django.urls import path

from nominations.views import staff

urlpatterns = [
    path("", staff.staff_home, name="staff-home"),
    path("ho-so/", staff.nomination_list, name="nomination-list"),
]
