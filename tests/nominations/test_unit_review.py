"""The unit's own review (biên bản họp xét): required for a regular dossier, typed or uploaded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations import workflow
from nominations.models import Evidence
from tests import factories
from tests.nominations.conftest import minimal_pdf, upload

pytestmark = pytest.mark.django_db

NO_REVIEW = {
    "unit_review_on": None,
    "unit_review_attendees": None,
    "unit_review_votes_for": None,
    "unit_review_votes_total": None,
}


@pytest.fixture
def bare(officer, campaign):
    """A regular dossier complete but for the unit's review."""
    return factories.NominationFactory(ward=officer.ward, campaign=campaign, **NO_REVIEW)


def test_regular_dossier_without_review_is_refused_naming_what_is_missing(bare, officer):
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(bare, officer)
    assert err.value.message == (
        "Hồ sơ còn thiếu: ngày họp xét tại đơn vị, số người dự họp xét (hoặc tệp biên bản "
        "xét), số phiếu đồng ý / tổng số phiếu tại đơn vị (hoặc tệp biên bản xét)."
    )


def test_simplified_dossier_needs_no_review(officer, campaign):
    kind = factories.AwardKindFactory(allows_simplified=True)
    campaign.award_kinds.add(kind)
    nom = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, procedure="simplified", award_kind=kind, **NO_REVIEW
    )
    assert workflow.submit(nom, officer).state == "submitted"


def test_uploaded_minutes_and_a_date_are_enough(client, bare, officer):
    client.force_login(officer)
    client.post(
        reverse("evidence-upload", args=[bare.pk]),
        {"files": [upload("bien-ban-xet.pdf", minimal_pdf())], "kind": "unit_review"},
    )
    assert list(Evidence.objects.values_list("kind", flat=True)) == ["unit_review"]
    with pytest.raises(workflow.WorkflowError) as err:
        workflow.submit(bare, officer)
    assert err.value.message == "Hồ sơ còn thiếu: ngày họp xét tại đơn vị."
    bare.refresh_from_db()
    page = client.post(
        reverse("unit-review", args=[bare.pk]),
        {"version": bare.version, "unit_review_on": "2026-03-02"},
    )
    assert page.status_code == 302
    bare.refresh_from_db()
    assert workflow.submit(bare, officer).state == "submitted"


def test_typed_review_is_saved_and_shown(client, bare, officer):
    client.force_login(officer)
    response = client.post(
        reverse("unit-review", args=[bare.pk]),
        {
            "version": bare.version,
            "unit_review_on": "2026-03-02",
            "unit_review_attendees": "9",
            "unit_review_attendee_names": "Phạm Văn Hùng, Chủ tịch; Lê Thị Lan, Phó Chủ tịch",
            "unit_review_votes_for": "8",
            "unit_review_votes_total": "9",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã lưu biên bản họp xét của đơn vị." in html
    assert "Họp ngày 02/03/2026; 9 người dự; 8/9 phiếu đồng ý." in html
    bare.refresh_from_db()
    assert (
        bare.unit_review_on,
        bare.unit_review_attendees,
        bare.unit_review_votes_for,
        bare.unit_review_votes_total,
    ) == (dt.date(2026, 3, 2), 9, 8, 9)
    assert workflow.missing_fields(bare) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"unit_review_votes_for": "10", "unit_review_votes_total": "9"},
            "Số phiếu đồng ý không được lớn hơn tổng số phiếu.",
        ),
        (
            {
                "unit_review_attendees": "5",
                "unit_review_votes_for": "4",
                "unit_review_votes_total": "9",
            },
            "Tổng số phiếu không được lớn hơn số người dự họp.",
        ),
        ({"unit_review_votes_for": "4"}, "Nhập cả số phiếu đồng ý và tổng số phiếu."),
        ({"unit_review_on": "2999-01-01"}, "Ngày họp xét không được sau hôm nay."),
        ({"unit_review_on": ""}, "This field is required."),
    ],
)
def test_wrong_review_input_is_refused(client, bare, officer, data, message):
    client.force_login(officer)
    posted = {"version": bare.version, "unit_review_on": "2026-03-02", **data}
    response = client.post(reverse("unit-review", args=[bare.pk]), posted)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'") or (
        message == "This field is required."
        and "Trường này là bắt buộc." in response.content.decode()
    )
    bare.refresh_from_db()
    assert bare.unit_review_on is None


def test_another_wards_dossier_is_404_and_a_submitted_one_is_closed(
    client, bare, officer, other_officer
):
    client.force_login(other_officer)
    assert client.get(reverse("unit-review", args=[bare.pk])).status_code == 404
    sent = factories.NominationFactory(
        ward=officer.ward, campaign=bare.campaign, state="submitted", submitted_at=timezone.now()
    )
    client.force_login(officer)
    page = client.post(
        reverse("unit-review", args=[sent.pk]),
        {"version": sent.version, "unit_review_on": "2026-01-01"},
        follow=True,
    )
    assert "Không thể sửa hồ sơ ở trạng thái này." in page.content.decode()
    sent.refresh_from_db()
    assert sent.unit_review_on == dt.date(2026, 3, 2)


def test_a_stale_version_is_refused(client, bare, officer):
    client.force_login(officer)
    page = client.post(
        reverse("unit-review", args=[bare.pk]),
        {"version": bare.version - 1 if bare.version > 1 else 99, "unit_review_on": "2026-03-02"},
    )
    assert "Hồ sơ vừa được người khác sửa. Hãy tải lại trang và nhập lại." in page.content.decode()
