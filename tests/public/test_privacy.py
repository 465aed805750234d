"""A resident never sees drafts, unsent or refused dossiers, non-consenting people, private
fields, evidence, council notes or votes: checked on every public page, the feed, the
sitemap and the search."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from nominations.council import ballot_box
from nominations.models import AgendaItem, Ballot, BallotCast, Evidence, Meeting, ReviewNote
from nominations.public.services import exemplar_url
from tests import factories

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    "draft",
    "submitted",
    "returned",
    "in_review",
    "recommended",
    "not_recommended",
    "withdrawn",
    "revoked",
]


def public_pages(client, campaign) -> dict[str, str]:
    urls = {
        "home": reverse("home"),
        "gallery": reverse("gallery"),
        "search": reverse("gallery") + "?q=bi+mat",
        "campaign": reverse("campaign-detail", kwargs={"slug": campaign.slug}),
        "campaigns": reverse("campaign-list"),
        "feed": reverse("exemplar-feed"),
        "sitemap": reverse("sitemap"),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_nomination_not_awarded_is_nowhere(client, make_exemplar, state):
    visible = make_exemplar("Trần Thị Công Khai", story="bí mật công khai")
    hidden = make_exemplar(
        "Phạm Văn Bí Mật",
        state=state,
        campaign=visible.campaign,
        story="bí mật riêng tư",
        featured=True,
    )
    pages = public_pages(client, visible.campaign)
    for name, html in pages.items():
        assert "Bí Mật" not in html, name
        assert exemplar_url(hidden) not in html, name
    assert "Trần Thị Công Khai" in pages["gallery"]
    assert "Trần Thị Công Khai" in pages["search"]
    assert client.get(exemplar_url(hidden)).status_code == 404


def test_no_consent_means_nowhere(client, make_exemplar):
    visible = make_exemplar("Trần Thị Công Khai", story="bí mật công khai")
    hidden = make_exemplar(
        "Phạm Văn Bí Mật",
        consent=False,
        campaign=visible.campaign,
        story="bí mật riêng tư",
        featured=True,
    )
    for name, html in public_pages(client, visible.campaign).items():
        assert "Bí Mật" not in html, name
    assert client.get(exemplar_url(hidden)).status_code == 404


def test_a_revoked_award_disappears(client, make_exemplar):
    nomination = make_exemplar("Phạm Văn Bí Mật", story="bí mật", featured=True)
    assert client.get(exemplar_url(nomination)).status_code == 200
    nomination.state = "revoked"
    nomination.save()
    assert client.get(exemplar_url(nomination)).status_code == 404
    for name, html in public_pages(client, nomination.campaign).items():
        assert "Bí Mật" not in html, name


def test_private_fields_never_reach_a_public_page(client, make_exemplar):
    nomination = make_exemplar(
        "Ngô Thanh Thủy",
        story="bí mật không có ở đây",
        photo=True,
        nominee_phone="0987654321",
        nominee_address="Số 17 ngõ 42 phố Lương Định Của",
        nominee_birth_year=1975,
        achievement_report="Báo cáo nội bộ XYZ-nội-bộ",
        return_reason="Lý do trả lại nội bộ",
        cover_letter_number="77/TTr-UBND",
    )
    Evidence.objects.create(
        nomination=nomination,
        file=ContentFile(b"%PDF-1.4", "x.pdf"),
        original_name="xac-nhan-to-dan-pho.pdf",
        content_type="application/pdf",
        size=8,
    )
    member = factories.UserFactory(username="hoidong9", role="member")
    ReviewNote.objects.create(
        nomination=nomination, author=member, text="Ghi chú của Hội đồng: cần xem lại"
    )
    meeting = Meeting.objects.create(
        held_at=nomination.created_at, place="Phòng họp tầng 9", created_by=member
    )
    item = AgendaItem.objects.create(
        meeting=meeting, nomination=nomination, yes=3, no=1, abstain=0, denominator=4, passed=True
    )
    BallotCast.objects.create(item=item, member=member, opinion="Ý kiến riêng thành viên")
    # A sealed secret ballot (the council merge): no choice column, the vote sealed under a key.
    ballot_id = uuid.uuid4()
    Ballot.objects.create(
        id=ballot_id, item=item, sealed=ballot_box.seal(b"k" * 32, item.pk, ballot_id, "no")
    )
    pages = public_pages(client, nomination.campaign)
    pages["exemplar"] = client.get(exemplar_url(nomination)).content.decode()
    for name, html in pages.items():
        for secret in [
            "0987654321",
            "Lương Định Của",
            "XYZ-nội-bộ",
            "Lý do trả lại",
            "77/TTr-UBND",
            "xac-nhan-to-dan-pho",
            "Ghi chú của Hội đồng",
            "evidence/",
            "/private/",
            "710.000",
            "710000",
            "phiếu",
            "Phòng họp tầng 9",
            "Ý kiến riêng",
            "Không đồng ý",
            "3/4",
            member.full_name,
        ]:
            assert secret not in html, (name, secret)
        assert not re.search(r"\b1975\b", html), name  # birth year (photo names are hex)
    # ... and a search for them finds nothing.
    for query in [
        "0987654321",
        "Luong Dinh Cua",
        "1975",
        "XYZ noi bo",
        "xac nhan to dan pho",
        "ghi chu hoi dong",
    ]:
        response = client.get(reverse("gallery"), {"q": query})
        assert response.context["exemplars"] == [], query
    assert "Ngô Thanh Thủy" in pages["exemplar"]
