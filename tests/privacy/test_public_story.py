"""Nothing a resident typed reaches a public page unreviewed (issue #14, item 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nominations import consent, workflow
from nominations.models import Nomination, Suggestion, Transition
from nominations.public.services import exemplar_url
from tests import factories

pytestmark = pytest.mark.django_db

DEEDS = (
    "Bác Lan, sinh ngày 12/3/1950, ở số nhà 12 ngõ 34 phố Khâm Thiên, điện thoại 0912 345 678. "
    "Năm ngoái bác nằm viện hai tháng nhưng vẫn nấu cháo cho bệnh nhân nghèo."
)


def _suggestion(ward) -> Suggestion:
    return Suggestion.objects.create(
        ward=ward,
        nominee_name="Phạm Thị Lan",
        nominee_where="Tổ dân phố 5",
        deeds=DEEDS,
        writer_name="Trần Văn Viết",
        writer_contact="0901234567",
        ip_hash="x" * 64,
    )


def _public_texts(client, nom: Nomination) -> dict[str, str]:
    return {
        "exemplar": client.get(exemplar_url(nom)).content.decode(),
        "gallery": client.get(reverse("gallery")).content.decode(),
        "feed": client.get(reverse("exemplar-feed")).content.decode(),
        "home": client.get(reverse("home")).content.decode(),
    }


def _award_with_consent(nom: Nomination, actor, story: bool = True) -> Nomination:
    Nomination.objects.filter(pk=nom.pk).update(state="awarded", awarded_on=dt.date(2026, 10, 15))
    nom.refresh_from_db()
    consent.record_consent(
        nom,
        actor,
        given_by="Phạm Thị Lan",
        given_on=dt.date(2026, 10, 1),
        method="statement",
        statement="Bác Lan đồng ý tại nhà văn hóa tổ 5, có tổ trưởng chứng kiến.",
        covers_name=True,
        covers_photo=True,
        covers_story=story,
    )
    nom.refresh_from_db()
    return nom


def test_a_suggestion_with_a_phone_and_an_address_never_reaches_a_public_page(
    client, ward, officer, secretary
):
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    suggestion = _suggestion(ward)
    client.force_login(officer)
    client.post(
        reverse("suggestion-convert", kwargs={"pk": suggestion.pk}), {"campaign": campaign.pk}
    )
    nom = Nomination.objects.get()
    assert (nom.story, nom.public_summary, nom.consent_public) == ("", "", False)

    # A careless officer pastes the resident's text into the public story and summary.
    nom.story = DEEDS
    nom.public_summary = DEEDS[:300]
    nom.award_kind = campaign.award_kinds.first()
    nom.field = "community"
    nom.achievement_report = "Báo cáo thành tích do cán bộ phường lập."
    nom.save()
    Nominee = type(nom.nominee)
    Nominee.objects.filter(pk=nom.nominee_id).update(
        gender="female", birth_year=1950, position="Hội viên Hội Phụ nữ"
    )
    # The unit's own review, typed (a regular dossier needs it before it is submitted).
    Nomination.objects.filter(pk=nom.pk).update(
        unit_review_on=dt.date(2026, 3, 2),
        unit_review_attendees=9,
        unit_review_votes_for=8,
        unit_review_votes_total=9,
    )
    nom = Nomination.objects.get()
    with pytest.raises(consent.PublicationError) as refused:
        consent.approve_story(nom, officer)
    assert "Câu chuyện (công khai): “0912 345 678” (số điện thoại)" in refused.value.message
    with pytest.raises(workflow.WorkflowError) as refused_submit:
        workflow.submit(nom, officer)
    assert "“số nhà 12 ngõ 34 phố Khâm” (địa chỉ nhà)" in refused_submit.value.message
    assert Nomination.objects.get().state == "draft"
    # The officer writes the public text himself; the story waits for a later, reviewed text.
    nom.public_summary = "Mười năm nấu cháo miễn phí cho bệnh nhân nghèo."
    nom.save()
    with pytest.raises(workflow.WorkflowError):
        workflow.submit(nom, officer)  # the pasted story still holds private details
    nom.story = ""
    nom.save()
    assert workflow.submit(nom, officer).state == "submitted"

    client.logout()
    nom = _award_with_consent(Nomination.objects.get(), officer)
    pages = _public_texts(client, nom)
    assert "Phạm Thị Lan" in pages["exemplar"]  # the page is public ...
    for name, html in pages.items():  # ... and yet nothing private shows anywhere
        for private in ("0912 345 678", "Khâm Thiên", "12/3/1950", "nằm viện", "0901234567"):
            assert private not in html, (name, private)
    for query in ("0912345678", "0912 345 678", "Kham Thien", "ngo 34", "0901234567"):
        found = client.get(reverse("gallery"), {"q": query}).content.decode()
        assert "Phạm Thị Lan" not in found, query
    assert "0912" not in Nomination.objects.get().search_text


def test_hits_fixed_or_confirmed_then_the_approved_story_is_public(client, ward, officer):
    nom = factories.NominationFactory(
        ward=ward,
        nominee=factories.NomineeFactory(ward=ward, full_name="Phạm Thị Lan"),
        consent_public=False,
        story="Bác nấu cháo ở cổng Bệnh viện Bạch Mai, gọi 0912 345 678.",
    )
    Nomination.objects.filter(pk=nom.pk).update(story_approved_at=None)
    nom.refresh_from_db()
    hits = consent.public_field_hits(nom)
    assert [(h.field, h.hit.kind, h.hit.text, h.confirmed) for h in hits] == [
        ("story", "health", "Bệnh viện", False),
        ("story", "phone", "0912 345 678", False),
    ]
    client.force_login(officer)
    page = client.get(reverse("nomination-detail", args=[nom.pk])).content.decode()
    assert "<mark>Bệnh viện</mark>" in page
    assert "<mark>0912 345 678</mark>" in page

    # The hospital is the place of the good deed: confirmed; the phone number is removed.
    client.post(reverse("privacy-confirm", args=[nom.pk]), {"hit": ["story:health:Bệnh viện"]})
    nom.refresh_from_db()
    assert nom.privacy_confirmed == ["story:health:Bệnh viện"]
    assert Transition.objects.filter(nomination=nom, action="privacy_confirm").get().comment == (
        "Câu chuyện (công khai): “Bệnh viện”"
    )
    response = client.post(reverse("story-approve", args=[nom.pk]), follow=True)
    assert "0912 345 678" in response.content.decode()  # refused, naming the phone number
    assert Nomination.objects.get(pk=nom.pk).story_approved_at is None

    Nomination.objects.filter(pk=nom.pk).update(story="Bác nấu cháo ở cổng Bệnh viện Bạch Mai.")
    client.post(reverse("story-approve", args=[nom.pk]))
    nom.refresh_from_db()
    assert (nom.story_approved_by, nom.story_approved_at is not None) == (officer, True)
    nom = _award_with_consent(nom, officer)
    client.logout()
    page = client.get(exemplar_url(nom)).content.decode()
    assert "Bác nấu cháo ở cổng Bệnh viện Bạch Mai." in page


def test_a_dossier_with_private_details_in_its_public_fields_is_not_submitted(ward, officer):
    nom = factories.NominationFactory(
        ward=ward,
        campaign=factories.CampaignFactory(),
        public_summary="Bà sinh ngày 12/3/1950, CCCD 001090012345.",
    )
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.submit(nom, officer)
    assert refused.value.message == (
        "Phần công khai còn thông tin cá nhân chưa được sửa hoặc xác nhận: "
        "Tóm tắt thành tích (công khai): “sinh ngày 12/3/1950” (ngày sinh); "
        "Tóm tắt thành tích (công khai): “CCCD 001090012345” (số CCCD / CMND)."
    )
    assert Nomination.objects.get(pk=nom.pk).state == "draft"
    consent.confirm_hits(
        nom,
        officer,
        [
            "public_summary:birth_date:sinh ngày 12/3/1950",
            "public_summary:id_number:CCCD 001090012345",
        ],
    )
    assert workflow.submit(nom, officer).state == "submitted"


def test_editing_the_story_clears_its_approval(ward, officer):
    nom = factories.NominationFactory(ward=ward, story="Câu chuyện đã duyệt.")
    assert nom.story_approved_at is not None
    consent.story_changed(nom, "Câu chuyện đã duyệt.")
    assert nom.story_approved_at is not None
    consent.story_changed(nom, "Câu chuyện đã sửa.")
    assert (nom.story_approved_at, nom.story_approved_by) == (None, None)


def test_a_story_without_story_consent_stays_off_the_public_page(client, ward, officer):
    nom = factories.NominationFactory(ward=ward, consent_public=False, story="Chuyện riêng.")
    nom = _award_with_consent(nom, officer, story=False)
    assert (nom.consent_public, nom.consent_photo, nom.consent_story) == (True, True, False)
    assert "Chuyện riêng." not in client.get(exemplar_url(nom)).content.decode()


def test_another_wards_officer_may_not_confirm_or_approve(client, ward, officer):
    other = factories.UserFactory(
        username="khac",
        role="ward_officer",
        ward=factories.WardFactory(name="Láng Hạ", code="DD09"),
    )
    nom = factories.NominationFactory(ward=ward, story="Gọi 0912 345 678.")
    with pytest.raises(consent.PublicationError) as refused:
        consent.approve_story(nom, other)
    assert refused.value.message == "Bạn không có quyền với phần công khai của hồ sơ này."
    client.force_login(other)
    assert client.post(reverse("story-approve", args=[nom.pk])).status_code == 404
    assert client.post(reverse("privacy-confirm", args=[nom.pk])).status_code == 404
