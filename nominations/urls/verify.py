from django.urls import path

from nominations.views import verify

urlpatterns = [
    path("", verify.verify_form, name="verify-form"),
    path("<str:code>/", verify.verify, name="verify"),
]
