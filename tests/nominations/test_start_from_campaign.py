""" "Lập hồ sơ" next to a campaign chooses the campaign, never the kind of nominee for the
officer (issue #16's kind: a pre-selection the officer did not make; a residential-area campaign
is for residential groups as often as for people)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_campaign_links_leave_the_kind_to_the_officer(client, officer, campaign):
    client.force_login(officer)
    home = client.get(reverse("staff-home")).content.decode()
    links = re.findall(r'href="(/can-bo/ho-so/moi/\?[^"]*)"', home)
    assert links and all("kind=" not in link for link in links), links

    page = client.get(reverse("nomination-create"), {"campaign": campaign.pk})
    html = page.content.decode()
    assert page.context["form"].errors == {}  # nothing refused before the officer chose
    assert "Hãy chọn đối tượng." not in html
    assert re.search(rf'name="campaign" value="{campaign.pk}"[^>]*checked', html), html
    assert 'name="kind" value="individual" ' in html
    assert not re.search(r'name="kind" value="\w+"[^>]*checked', html)


def test_choose_again_keeps_the_campaign(client, officer, campaign):
    client.force_login(officer)
    page = client.get(reverse("nomination-create"), {"campaign": campaign.pk, "kind": "household"})
    assert f'href="/can-bo/ho-so/moi/?campaign={campaign.pk}"' in page.content.decode()


def test_an_unknown_campaign_is_still_refused(client, officer, campaign):
    client.force_login(officer)
    page = client.get(reverse("nomination-create"), {"campaign": "999999"})
    assert page.context["form"].errors["campaign"] == ["Phong trào này không còn nhận hồ sơ."]
