from django.urls import path

from nominations.views import council

urlpatterns = [
    path("", council.review_queue, name="review-queue"),
    path("tong-quan/", council.council_home, name="council-home"),
]
