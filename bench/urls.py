"""The project's URLs plus the bench-only reference view (enabled by bench.settings)."""

from django.urls import path

from bench import views
from emulation.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("__bench__/bare/", views.bare, name="bench-bare"),
    *project_urlpatterns,
]
