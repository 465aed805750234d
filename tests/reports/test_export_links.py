"""The list and decision pages link to the exports with the filters the user applied."""

import pytest
from django.urls import reverse

from tests.factories import NominationFactory


@pytest.mark.django_db
def test_ward_list_links_to_filtered_exports(client, officer):
    NominationFactory(ward=officer.ward)
    client.force_login(officer)
    html = client.get(reverse("nomination-list"), {"state": "draft"}).content.decode()
    export = reverse("reports-nominations-export")
    assert f'href="{export}?state=draft&amp;format=xlsx"' in html
    assert f'href="{export}?state=draft&amp;format=csv"' in html
