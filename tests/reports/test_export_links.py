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


@pytest.mark.django_db
def test_export_holds_exactly_the_rows_of_the_filtered_list(client, officer):
    ward = officer.ward
    wanted = NominationFactory(ward=ward, nominee__full_name="Ngô Thanh Thủy")
    NominationFactory(
        ward=ward, nominee__full_name="Trần Văn Bình", public_summary="Giúp đỡ chị Thủy hàng xóm"
    )  # "thuy" only in the story
    client.force_login(officer)
    page = client.get(reverse("nomination-list"), {"q": "thuy"})
    assert [n.pk for n in page.context["page"].object_list] == [wanted.pk]
    response = client.get(reverse("reports-nominations-export"), {"q": "thuy", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Ngô Thanh Thủy" in body
    assert "Trần Văn Bình" not in body
