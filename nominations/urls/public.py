from django.urls import path

from nominations.views import public

urlpatterns = [
    path("", public.home, name="home"),
]
