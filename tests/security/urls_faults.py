"""A URL conf for the fault tests: the project's URLs plus views that lose the database."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from emulation.urls import urlpatterns as project_urls


def lost_connection(request):
    raise OperationalError("server closed the connection unexpectedly")


def closed_connection(request):
    raise InterfaceError("connection already closed")


def boom(request):
    raise ValueError("a programming error, not the database")


urlpatterns = [
    path("__faults__/lost/", lost_connection),
    path("__faults__/closed/", closed_connection),
    path("__faults__/boom/", boom),
    *project_urls,
]
