from django.urls import path

from nominations.suggestions import views as suggestions

urlpatterns = [
    path("", suggestions.inbox, name="suggestion-inbox"),
    path("<int:pk>/", suggestions.detail, name="suggestion-detail"),
    path("<int:pk>/lap-ho-so/", suggestions.convert, name="suggestion-convert"),
    path("<int:pk>/bo-qua/", suggestions.dismiss, name="suggestion-dismiss"),
    path("<int:pk>/anh/", suggestions.photo, name="suggestion-photo"),
]
