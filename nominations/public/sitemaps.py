"""sitemap.xml: the public pages only (exemplars from public_exemplars(), launched campaigns)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from nominations.public.services import exemplar_url, public_campaigns, public_exemplars


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", "gallery", "campaign-list", "suggest"]

    def location(self, item):
        return reverse(item)


class ExemplarSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return public_exemplars()

    def location(self, item):
        return exemplar_url(item)

    def lastmod(self, item):
        return item.updated_at


class CampaignSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return public_campaigns().only("pk", "slug")

    def location(self, item):
        return reverse("campaign-detail", kwargs={"slug": item.slug})


SITEMAPS = {"pages": StaticSitemap, "exemplars": ExemplarSitemap, "campaigns": CampaignSitemap}
