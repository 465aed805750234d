"""The ward officer's inbox: ward-scoped, one-click conversion into a draft, dismissal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from nominations.models import Nomination, Suggestion, Transition
from tests import factories
from tests.public.conftest import photo_upload

pytestmark = pytest.mark.django_db


def make_suggestion(ward, name="Lê Thị Hồng", **extra) -> Suggestion:
    return Suggestion.objects.create(
        ward=ward,
        nominee_name=name,
        nominee_where="Tổ dân phố 5",
        deeds="Mười năm nấu cháo miễn phí cho bệnh nhân nghèo ở cổng bệnh viện.",
        writer_name="Trần Văn Viết",
        writer_contact="0901234567",
        ip_hash="x" * 64,
        **extra,
    )


def test_only_ward_officers_and_only_their_ward(client, ward, other_ward, officer, secretary):
    mine = make_suggestion(ward)
    theirs = make_suggestion(other_ward, name="Người Phường Khác")
    inbox = reverse("suggestion-inbox")
    assert client.get(inbox).status_code == 302  # login first
    client.force_login(secretary)
    assert client.get(inbox).status_code == 403
    client.force_login(officer)
    response = client.get(inbox)
    assert [s.nominee_name for s in response.context["suggestions"]] == ["Lê Thị Hồng"]
    assert "Người Phường Khác" not in response.content.decode()
    assert 'data-testid="nav-suggestions"' in response.content.decode()
    assert client.get(reverse("suggestion-detail", kwargs={"pk": mine.pk})).status_code == 200
    for name in ["suggestion-detail", "suggestion-photo"]:
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    for name in ["suggestion-convert", "suggestion-dismiss"]:
        assert client.post(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    assert Suggestion.objects.get(pk=theirs.pk).state == "new"


def test_convert_into_a_draft_in_one_click(client, ward, officer):
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    suggestion = make_suggestion(ward)
    client.force_login(officer)
    response = client.post(
        reverse("suggestion-convert", kwargs={"pk": suggestion.pk}), {"campaign": campaign.pk}
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert response["Location"] == reverse("nomination-detail", args=[nomination.pk])
    assert (
        nomination.state,
        nomination.ward,
        nomination.campaign,
        nomination.created_by,
        nomination.consent_public,
    ) == ("draft", ward, campaign, officer, False)
    assert nomination.nominee.full_name == "Lê Thị Hồng"
    assert nomination.nominee.ward == ward
    assert nomination.nominee.workplace == "Tổ dân phố 5"
    # The resident's words stay on the suggestion (staff-only): nothing becomes public text.
    assert (nomination.story, nomination.public_summary) == ("", "")
    assert "nau chao" not in nomination.search_text
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.nomination, suggestion.handled_by) == (
        "converted",
        nomination,
        officer,
    )
    assert suggestion.handled_at is not None
    # A second press does not create a second draft.
    again = client.post(
        reverse("suggestion-convert", kwargs={"pk": suggestion.pk}),
        {"campaign": campaign.pk},
        follow=True,
    )
    assert "Giới thiệu này đã được xử lý." in again.content.decode()
    assert again.redirect_chain == [(reverse("nomination-detail", args=[nomination.pk]), 302)]
    assert Nomination.objects.count() == 1
    # The draft is in the officer's list.
    listing = client.get(reverse("nomination-list")).content.decode()
    assert "Lê Thị Hồng" in listing


def test_the_good_deed_campaign_is_preselected_not_the_nearest_deadline(client, ward, officer):
    today = timezone.localdate()
    factories.CampaignFactory(
        name="Phát huy sáng kiến cải tiến kỹ thuật", deadline=today + dt.timedelta(days=2)
    )
    good = factories.CampaignFactory(
        name="Người tốt, việc tốt năm 2026", deadline=today + dt.timedelta(days=20)
    )
    suggestion = make_suggestion(ward)
    client.force_login(officer)
    form = client.get(reverse("suggestion-detail", kwargs={"pk": suggestion.pk})).context["form"]
    assert form["campaign"].value() == good.pk
    # Two good-deed movements at once: the officer chooses, nothing is pre-selected.
    factories.CampaignFactory(name="Gương người tốt, việc tốt quý IV")
    page = client.get(reverse("suggestion-detail", kwargs={"pk": suggestion.pk}))
    assert page.context["form"]["campaign"].value() is None
    assert '<option value="" selected>— Chọn phong trào —</option>' in page.content.decode()
    refused = client.post(reverse("suggestion-convert", kwargs={"pk": suggestion.pk}), {})
    assert refused.status_code == 400
    assert Nomination.objects.count() == 0


def test_the_draft_history_says_which_suggestion_it_came_from(client, ward, officer):
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    suggestion = make_suggestion(ward)
    client.force_login(officer)
    response = client.post(
        reverse("suggestion-convert", kwargs={"pk": suggestion.pk}),
        {"campaign": campaign.pk},
        follow=True,
    )
    sent = timezone.localtime(suggestion.created_at).strftime("%d/%m/%Y")
    assert [
        (t.label, t.actor, t.to_state, t.comment)
        for t in Transition.objects.filter(nomination__nominee__full_name="Lê Thị Hồng")
    ] == [
        (
            "Lập hồ sơ từ giới thiệu của người dân",
            officer,
            "draft",
            f"Từ giới thiệu số {suggestion.pk} của Trần Văn Viết, gửi ngày {sent}.",
        )
    ]
    html = response.content.decode()
    assert "Chưa có." not in html
    assert f"Từ giới thiệu số {suggestion.pk} của Trần Văn Viết" in html


def test_convert_needs_an_open_campaign(client, ward, officer):
    closed = factories.CampaignFactory(status="closed")
    suggestion = make_suggestion(ward)
    client.force_login(officer)
    response = client.post(
        reverse("suggestion-convert", kwargs={"pk": suggestion.pk}), {"campaign": closed.pk}
    )
    assert response.status_code == 400
    assert Nomination.objects.count() == 0
    assert Suggestion.objects.get(pk=suggestion.pk).state == "new"


def test_the_photo_follows_into_the_draft(client, ward, officer):
    from nominations.files import images

    campaign = factories.CampaignFactory()
    suggestion = make_suggestion(ward)
    processed = images.process_photo(photo_upload())
    suggestion.photo.save("photo.jpg", ContentFile(processed.medium.read()), save=True)
    client.force_login(officer)
    photo = client.get(reverse("suggestion-photo", kwargs={"pk": suggestion.pk}))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert photo["Cache-Control"] == "private, no-store"
    client.post(
        reverse("suggestion-convert", kwargs={"pk": suggestion.pk}), {"campaign": campaign.pk}
    )
    nomination = Nomination.objects.get()
    assert nomination.photo_thumb and nomination.thumb_width


def test_dismiss(client, ward, officer):
    suggestion = make_suggestion(ward)
    client.force_login(officer)
    response = client.post(reverse("suggestion-dismiss", kwargs={"pk": suggestion.pk}))
    assert response["Location"] == reverse("suggestion-inbox")
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.handled_by) == ("dismissed", officer)
    assert Nomination.objects.count() == 0
    dismissed = client.get(reverse("suggestion-inbox"), {"trang-thai": "da-bo-qua"})
    assert [s.pk for s in dismissed.context["suggestions"]] == [suggestion.pk]
    assert client.get(reverse("suggestion-inbox")).context["suggestions"] == []


@pytest.mark.parametrize("count", [5, 50])
def test_inbox_constant_queries(client, ward, officer, count, django_assert_max_num_queries):
    for i in range(count):
        make_suggestion(ward, name=f"Người {i}")
    client.force_login(officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("suggestion-inbox"), {"trang-thai": "abc", "trang": "x"})
    assert len(response.context["suggestions"]) == min(count, 30)
