from django.contrib.sitemaps.views import sitemap
from django.urls import path

from emulation.page_cache import cache_public_page
from nominations.public import views as public
from nominations.public.api import api
from nominations.public.feeds import ExemplarFeed
from nominations.public.sitemaps import SITEMAPS

urlpatterns = [
    path("", public.home, name="home"),
    path("guong-sang/", public.gallery, name="gallery"),
    path("guong-sang/feed/", cache_public_page(ExemplarFeed()), name="exemplar-feed"),
    path("guong-sang/<int:pk>-<slug:slug>/", public.exemplar, name="exemplar"),
    path("guong-sang/<int:pk>/noi-bat/", public.toggle_featured, name="exemplar-feature"),
    path("phong-trao/", public.campaign_list, name="campaign-list"),
    path("phong-trao/<slug:slug>/", public.campaign_detail, name="campaign-detail"),
    path("gioi-thieu-nguoi-tot/", public.suggest, name="suggest"),
    path("gioi-thieu-nguoi-tot/cam-on/", public.suggest_thanks, name="suggest-thanks"),
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", public.robots, name="robots"),
    path("xac-minh/", public.verify_form, name="verify-form"),
    path("xac-minh/<str:code>/", public.verify, name="verify"),
    path("du-lieu-mo/", public.open_data, name="open-data"),
    path("du-lieu-mo/phong-trao.csv", public.open_data_campaigns_csv, name="open-data-campaigns"),
    path("du-lieu-mo/guong-sang.csv", public.open_data_exemplars_csv, name="open-data-exemplars"),
    path("du-lieu-mo/quyet-dinh.csv", public.open_data_decisions_csv, name="open-data-decisions"),
    path("api/v1/", api.urls),
]
