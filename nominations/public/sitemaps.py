"""sitemap.xml: the public pages only (exemplars from public_exemplars(), launched campaigns)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from campaigns.models import Campaign
from emulation.site import site_host, site_scheme
from nominations.models import Nomination
from nominations.public.services import exemplar_url, public_campaigns, public_exemplars


class SiteSitemap(Sitemap):
    """Locations on SITE_URL, whatever Host or scheme the request named (emulation/site.py)."""

    def get_domain(self, site: Any = None) -> str:
        return site_host()

    def get_protocol(self, protocol: str | None = None) -> str:
        return site_scheme()


class StaticSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return ["home", "gallery", "campaign-list", "suggest"]

    def location(self, item: str) -> str:
        return reverse(item)


class ExemplarSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self) -> QuerySet[Nomination]:
        return public_exemplars()

    def location(self, item: Nomination) -> str:
        return exemplar_url(item)

    def lastmod(self, item: Nomination) -> dt.datetime:
        return item.updated_at


class CampaignSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Campaign]:
        return public_campaigns().only("pk", "slug")

    def location(self, item: Campaign) -> str:
        return reverse("campaign-detail", kwargs={"slug": item.slug})


SITEMAPS = {"pages": StaticSitemap, "exemplars": ExemplarSitemap, "campaigns": CampaignSitemap}
