"""Ward officers' pages: each action as the owner, as another ward's officer, as anonymous."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from nominations.models import Evidence, Nomination, Nominee, Suggestion, Transition
from tests import factories
from tests.nominations.conftest import form_data, jpeg_bytes, minimal_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def nom(officer, campaign):
    return factories.NominationFactory(ward=officer.ward, campaign=campaign, created_by=officer)


def _detail(n):
    return reverse("nomination-detail", args=[n.pk])


# --- access: anonymous, other ward, owner -------------------------------------------------


def _urls(n, evidence_pk=1):
    return {
        "detail": ("get", reverse("nomination-detail", args=[n.pk])),
        "edit": ("get", reverse("nomination-edit", args=[n.pk])),
        "delete": ("get", reverse("nomination-delete", args=[n.pk])),
        "submit": ("post", reverse("nomination-submit", args=[n.pk])),
        "withdraw": ("post", reverse("nomination-withdraw", args=[n.pk])),
        "evidence-upload": ("get", reverse("evidence-upload", args=[n.pk])),
        "evidence-download": ("get", reverse("evidence-download", args=[n.pk, evidence_pk])),
        "evidence-delete": ("post", reverse("evidence-delete", args=[n.pk, evidence_pk])),
    }


@pytest.mark.parametrize(
    "action",
    [
        "detail",
        "edit",
        "delete",
        "submit",
        "withdraw",
        "evidence-upload",
        "evidence-download",
        "evidence-delete",
    ],
)
def test_anonymous_is_sent_to_login(client, nom, action):
    method, url = _urls(nom)[action]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Nomination.objects.get(pk=nom.pk).state == "draft"


@pytest.mark.parametrize(
    "action",
    [
        "detail",
        "edit",
        "delete",
        "submit",
        "withdraw",
        "evidence-upload",
        "evidence-download",
        "evidence-delete",
    ],
)
def test_other_ward_gets_404_and_nothing_changes(client, nom, other_officer, action):
    item = Evidence.objects.create(
        nomination=nom, original_name="a.pdf", content_type="application/pdf", size=1
    )
    client.force_login(other_officer)
    method, url = _urls(nom, item.pk)[action]
    response = getattr(client, method)(url)
    assert response.status_code == 404
    nom.refresh_from_db()
    assert (nom.state, nom.version) == ("draft", 1)
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_other_ward_cannot_edit_by_post(client, nom, other_officer, campaign):
    client.force_login(other_officer)
    response = client.post(
        reverse("nomination-edit", args=[nom.pk]), form_data(campaign, version=1, full_name="Kẻ Lạ")
    )
    assert response.status_code == 404
    assert Nomination.objects.get(pk=nom.pk).nominee.full_name != "Kẻ Lạ"


def test_council_cannot_use_ward_pages(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("nomination-list")).status_code == 403
    assert client.get(reverse("nomination-create")).status_code == 403


# --- dashboard ----------------------------------------------------------------------------


def test_dashboard_for_officer(client, officer, other_officer, campaign):
    today = timezone.localdate()
    soon = factories.CampaignFactory(
        name="Ngày vì người nghèo", deadline=today + dt.timedelta(days=3)
    )
    returned = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, state="returned", return_reason="Thiếu ảnh"
    )
    due = factories.NominationFactory(ward=officer.ward, campaign=soon)
    factories.NominationFactory(ward=officer.ward, campaign=campaign, state="submitted")
    factories.NominationFactory(ward=other_officer.ward, campaign=campaign, state="returned")
    for w in (officer.ward, other_officer.ward):
        Suggestion.objects.create(
            ward=w,
            nominee_name="Ngô Thanh Thủy",
            deeds="Việc tốt",
            writer_name="Người viết",
            writer_contact="0900000000",
        )
    client.force_login(officer)
    response = client.get(reverse("staff-home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xin chào" in html
    counts = {state: n for state, _label, n in response.context["by_state"]}
    assert counts["returned"] == 1 and counts["draft"] == 1 and counts["submitted"] == 1
    assert response.context["total"] == 3
    assert [(t.kind, t.nomination, t.campaign, t.days_left) for t in response.context["tasks"]] == [
        ("deadline", None, soon, 3),
        ("draft", due, soon, 3),
        ("returned", returned, campaign, (campaign.closes_on - today).days),
    ]
    assert response.context["new_suggestions"] == 1
    assert {c.name for c in response.context["campaigns"]} == {
        "Người tốt, việc tốt",
        "Ngày vì người nghèo",
    }
    assert "Thiếu ảnh" in html
    assert f'href="{reverse("batch-list")}?campaign={campaign.pk}"' in html


def _task_lines(html: str) -> list[str]:
    """The "Cần xử lý" list as the officer reads it, one line per task."""
    import re

    items = re.findall(r'<li class="list-group-item d-flex gap-2[^>]*>(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_todo_lists_an_unsubmitted_draft_and_a_deadline_tomorrow(client, officer):
    """The issue's morning: one draft, its campaign closing tomorrow; most urgent first."""
    today = timezone.localdate()
    tomorrow = factories.CampaignFactory(
        name="Ngày vì người nghèo", deadline=today + dt.timedelta(days=1)
    )
    later = factories.CampaignFactory(
        name="Gia đình văn hóa", deadline=today + dt.timedelta(days=20)
    )
    closed = factories.CampaignFactory(
        name="Phong trào năm trước",
        opens_on=today - dt.timedelta(days=90),
        deadline=today - dt.timedelta(days=10),
        closes_on=today - dt.timedelta(days=5),
    )
    factories.NominationFactory(ward=officer.ward, campaign=later, nominee__full_name="Lê Văn Bình")
    factories.NominationFactory(
        ward=officer.ward, campaign=tomorrow, nominee__full_name="Trần Thị An"
    )
    factories.NominationFactory(
        ward=officer.ward, campaign=closed, nominee__full_name="Phạm Văn Cũ"
    )
    factories.NominationFactory(
        ward=officer.ward,
        campaign=later,
        state="returned",
        return_reason="Bổ sung xác nhận của tổ dân phố.",
        nominee__full_name="Đỗ Thị Hoa",
    )
    client.force_login(officer)
    html = client.get(reverse("staff-home")).content.decode()
    assert "Không có việc nào cần xử lý." not in html
    assert _task_lines(html) == [
        "Sắp hết hạn nộp: Ngày vì người nghèo Phường đã có 1 hồ sơ · Lập hồ sơ Hạn ngày mai",
        "Bản nháp chưa nộp: Trần Thị An Ngày vì người nghèo Hạn ngày mai",
        f"Bản nháp chưa nộp: Lê Văn Bình Gia đình văn hóa Hạn {later.deadline:%d/%m}",
        "Bị trả lại: Đỗ Thị Hoa Gia đình văn hóa Lý do: Bổ sung xác nhận của tổ dân phố. "
        f"Hạn {later.closes_on:%d/%m}",
        "Bản nháp chưa nộp: Phạm Văn Cũ Phong trào năm trước Hết hạn nộp",
    ]


def test_todo_is_empty_when_nothing_waits(client, officer, other_officer):
    factories.NominationFactory(ward=other_officer.ward)  # another ward's draft
    factories.CampaignFactory(deadline=timezone.localdate() + dt.timedelta(days=7))
    client.force_login(officer)
    response = client.get(reverse("staff-home"))
    assert response.context["tasks"] == []
    assert "Không có việc nào cần xử lý." in response.content.decode()


def _council_home() -> str:
    try:
        return reverse("council-home")
    except NoReverseMatch:
        return reverse("review-queue")


def test_dashboard_redirects_council_and_admin(client, secretary, member, chairman):
    for user in (secretary, member, chairman):
        client.force_login(user)
        response = client.get(reverse("staff-home"))
        assert response.status_code == 302
        assert response.url == _council_home()
    admin = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    client.force_login(admin)
    response = client.get(reverse("staff-home"))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.parametrize("rows", [5, 50])
def test_dashboard_constant_queries(client, officer, campaign, rows, django_assert_max_num_queries):
    for i in range(rows):
        factories.NominationFactory(
            ward=officer.ward, campaign=campaign, state=["draft", "returned", "submitted"][i % 3]
        )
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff-home")).status_code == 200


# --- list ---------------------------------------------------------------------------------


def _names(response):
    return [n.nominee.full_name for n in response.context["page"].object_list]


def test_list_shows_only_own_ward(client, officer, other_officer, campaign):
    mine = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name="Đoàn Thị Mai"
    )
    factories.NominationFactory(
        ward=other_officer.ward, campaign=campaign, nominee__full_name="Người Phường Khác"
    )
    client.force_login(officer)
    response = client.get(reverse("nomination-list"))
    assert response.status_code == 200
    assert _names(response) == [mine.nominee.full_name]
    assert "Người Phường Khác" not in response.content.decode()


def test_list_accent_insensitive_search_and_filters(client, officer, campaign):
    other_campaign = factories.CampaignFactory(
        name="Lao động giỏi",
        opens_on=dt.date(2025, 2, 1),
        deadline=dt.date(2025, 12, 1),
        closes_on=dt.date(2025, 12, 31),
        status="closed",
    )
    lao_dong = factories.AwardKindFactory(
        name="Lao động tiên tiến", for_collective=False, for_household=False
    )
    other_campaign.award_kinds.add(lao_dong)
    factories.NominationFactory(
        ward=officer.ward,
        campaign=campaign,
        nominee__full_name="Nguyễn Đình Tính",
        state="submitted",
    )
    factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name="Đoàn Thị Mai"
    )
    factories.NominationFactory(
        ward=officer.ward,
        campaign=other_campaign,
        award_kind=lao_dong,
        nominee__full_name="Ngô Thanh Thủy",
        state="awarded",
    )
    client.force_login(officer)
    url = reverse("nomination-list")
    assert _names(client.get(url, {"q": "dinh tinh"})) == ["Nguyễn Đình Tính"]
    assert _names(client.get(url, {"q": "ĐOÀN"})) == ["Đoàn Thị Mai"]
    assert _names(client.get(url, {"q": "thuy"})) == ["Ngô Thanh Thủy"]
    assert _names(client.get(url, {"state": "submitted"})) == ["Nguyễn Đình Tính"]
    assert _names(client.get(url, {"campaign": other_campaign.pk})) == ["Ngô Thanh Thủy"]
    assert _names(client.get(url, {"award_kind": lao_dong.pk})) == ["Ngô Thanh Thủy"]
    assert _names(client.get(url, {"year": 2025})) == ["Ngô Thanh Thủy"]
    # Vietnamese order: by given name (Mai, Thủy, Tính), then the rest.
    assert _names(client.get(url, {"sort": "name"})) == [
        "Đoàn Thị Mai",
        "Ngô Thanh Thủy",
        "Nguyễn Đình Tính",
    ]
    assert _names(client.get(url, {"sort": "state"})) == [
        "Đoàn Thị Mai",
        "Nguyễn Đình Tính",
        "Ngô Thanh Thủy",
    ]
    # Rubbish in the filters is ignored, never a 500.
    response = client.get(url, {"campaign": "abc", "year": "x", "sort": "<script>", "page": "999"})
    assert response.status_code == 200
    assert len(_names(response)) == 3


def test_list_sorted_by_name_follows_the_vietnamese_alphabet(client, officer, campaign):
    """Issue #15: "Tên (theo thứ tự tiếng Việt)" put Ân before Anh and Đức before Dung, and
    filed "Tổ dân phố số 7, phường Cát Linh" under "Linh"."""
    for name, kind in [
        ("Trần Văn Đức", "individual"),
        ("Lê Thị Ân", "individual"),
        ("Tổ dân phố số 7, phường Cát Linh", "collective"),
        ("Ngô Dung", "individual"),
        ("Phạm Minh Anh", "individual"),
        ("Hoàng Thị Lan", "individual"),
        ("Đỗ Văn Mạnh", "individual"),
    ]:
        factories.NominationFactory(
            ward=officer.ward, campaign=campaign, nominee__full_name=name, nominee__kind=kind
        )
    client.force_login(officer)
    response = client.get(reverse("nomination-list"), {"sort": "name"})
    assert "Tên (theo thứ tự tiếng Việt)" in response.content.decode()
    assert _names(response) == [
        "Phạm Minh Anh",
        "Lê Thị Ân",
        "Ngô Dung",
        "Trần Văn Đức",
        "Hoàng Thị Lan",
        "Đỗ Văn Mạnh",
        "Tổ dân phố số 7, phường Cát Linh",
    ]


def test_list_paginates_by_25(client, officer, campaign):
    for _i in range(30):
        factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    first = client.get(reverse("nomination-list"))
    second = client.get(reverse("nomination-list"), {"page": 2})
    assert len(_names(first)) == 25
    assert len(_names(second)) == 5
    assert "Trang 1/2" in first.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_list_constant_queries(client, officer, campaign, rows, django_assert_max_num_queries):
    for i in range(rows):
        factories.NominationFactory(
            ward=officer.ward, campaign=campaign, state=["draft", "submitted"][i % 2]
        )
    client.force_login(officer)
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("nomination-list"), {"q": "nguyen", "sort": "name", "campaign": campaign.pk}
        )
    assert response.status_code == 200
    assert len(_names(response)) == min(rows, 25)


def test_list_escapes_html(client, officer, campaign):
    factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name="<script>alert(1)</script>"
    )
    client.force_login(officer)
    html = client.get(reverse("nomination-list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- create -------------------------------------------------------------------------------


def test_start_page_lists_open_campaigns(client, officer, campaign):
    factories.CampaignFactory(name="Đã đóng", status="closed")
    client.force_login(officer)
    response = client.get(reverse("nomination-create"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Người tốt, việc tốt" in html
    assert "Đã đóng" not in html


def test_start_refuses_kind_without_award(client, officer):
    only_individual = factories.AwardKindFactory(
        name="Lao động tiên tiến", for_collective=False, for_household=False
    )
    campaign = factories.CampaignFactory(award_kinds=[only_individual])
    client.force_login(officer)
    response = client.get(
        reverse("nomination-create"), {"campaign": campaign.pk, "kind": "household"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    ok = client.get(reverse("nomination-create"), {"campaign": campaign.pk, "kind": "individual"})
    assert "nomination-form" in ok.content.decode()
    assert list(ok.context["form"].fields["award_kind"].queryset) == [only_individual]


def test_create_draft_with_photo_and_evidence(client, officer, campaign):
    client.force_login(officer)
    data = form_data(campaign, ward=999)  # a tampered ward is simply ignored
    data["photo"] = upload("chân dung.jpg", jpeg_bytes(), "image/jpeg")
    data["evidence"] = [upload("giấy xác nhận.pdf", minimal_pdf(), "application/pdf")]
    response = client.post(reverse("nomination-create"), data)
    nom = Nomination.objects.get()
    assert response.status_code == 302
    assert response.url == _detail(nom)
    assert (nom.ward, nom.state, nom.campaign, nom.created_by) == (
        officer.ward,
        "draft",
        campaign,
        officer,
    )
    assert nom.nominee.full_name == "Nguyễn Đình Tính"
    assert nom.nominee.ward == officer.ward
    assert nom.photo and nom.photo_medium and nom.photo_thumb
    assert [e.original_name for e in nom.evidence.all()] == ["giấy xác nhận.pdf"]
    assert list(nom.transitions.values_list("action", "actor")) == [("create", officer.pk)]
    detail = client.get(response.url).content.decode()
    assert "Nguyễn Đình Tính" in detail and "Lập hồ sơ" in detail


def test_half_filled_draft_is_saved(client, officer, campaign):
    client.force_login(officer)
    response = client.post(
        reverse("nomination-create"),
        {
            "campaign": campaign.pk,
            "kind": "individual",
            "full_name": "Nguyễn Thu Hà",
            "procedure": "regular",
        },
    )
    assert response.status_code == 302
    nom = Nomination.objects.get()
    assert nom.award_kind is None
    detail = client.get(response.url).content.decode()
    assert "còn thiếu" in detail
    assert "hình thức đề nghị" in detail


def test_create_household_and_collective(client, officer, campaign):
    client.force_login(officer)
    client.post(
        reverse("nomination-create"),
        {
            "campaign": campaign.pk,
            "kind": "household",
            "head_name": "Lê Văn Bình",
            "address": "Số 5 ngõ 12",
            "procedure": "regular",
        },
    )
    client.post(
        reverse("nomination-create"),
        {
            "campaign": campaign.pk,
            "kind": "collective",
            "full_name": "Tổ dân phố số 12",
            "member_count": "45",
            "head_name": "Đoàn Thị Mai",
            "procedure": "regular",
        },
    )
    assert sorted(Nominee.objects.values_list("kind", "full_name")) == [
        ("collective", "Tổ dân phố số 12"),
        ("household", "Hộ gia đình Lê Văn Bình"),
    ]


def test_nominee_is_reused_by_folded_name_and_birth_year(client, officer, campaign):
    existing = factories.NomineeFactory(
        ward=officer.ward, full_name="Nguyễn Đình Tính", birth_year=1950, position="cũ"
    )
    client.force_login(officer)
    client.post(
        reverse("nomination-create"),
        form_data(campaign, full_name="nguyễn  đình tính", position="Bí thư chi bộ"),
    )
    nom = Nomination.objects.get()
    assert nom.nominee_id == existing.pk
    existing.refresh_from_db()
    assert existing.position == "Bí thư chi bộ"
    assert Nominee.objects.count() == 1


@pytest.fixture
def on_record(officer):
    """Nguyễn Đình Tính, awarded in an earlier campaign: a person on record."""
    nominee = factories.NomineeFactory(
        ward=officer.ward, full_name="Nguyễn Đình Tính", birth_year=1950, position="Bí thư chi bộ"
    )
    factories.NominationFactory(
        ward=officer.ward, nominee=nominee, state="awarded", created_by=officer
    )
    return nominee


def test_a_new_draft_never_rewrites_a_person_on_record(client, officer, campaign, on_record):
    """Issue #12, item 1: a draft respelling the name ("Tình": the same folded name) or giving
    another position used to rewrite the nominee of the awarded dossier; it gets its own."""
    client.force_login(officer)
    response = client.post(
        reverse("nomination-create"),
        form_data(campaign, full_name="Nguyễn Đình Tình", position="Cán bộ hưu trí"),
    )
    assert response.status_code == 302
    on_record.refresh_from_db()
    assert (on_record.full_name, on_record.position) == ("Nguyễn Đình Tính", "Bí thư chi bộ")
    new = Nomination.objects.get(campaign=campaign).nominee
    assert new.pk != on_record.pk
    assert (new.full_name, new.position) == ("Nguyễn Đình Tình", "Cán bộ hưu trí")


def test_editing_a_draft_never_rewrites_its_person_on_record(client, officer, campaign, on_record):
    draft = factories.NominationFactory(
        ward=officer.ward, nominee=on_record, campaign=campaign, created_by=officer
    )
    client.force_login(officer)
    response = client.post(
        reverse("nomination-edit", args=[draft.pk]),
        form_data(campaign, version=draft.version, position="Cán bộ hưu trí"),
    )
    assert response.status_code == 302
    on_record.refresh_from_db()
    assert on_record.position == "Bí thư chi bộ"
    draft.refresh_from_db()
    assert draft.nominee_id != on_record.pk and draft.nominee.position == "Cán bộ hưu trí"


def test_a_person_on_record_is_reused_by_a_draft_that_changes_nothing(
    client, officer, campaign, on_record
):
    client.force_login(officer)
    data = form_data(campaign, position="Bí thư chi bộ", workplace=on_record.workplace)
    data.update(gender=on_record.gender, phone=on_record.phone)
    client.post(reverse("nomination-create"), data)
    assert Nomination.objects.get(campaign=campaign).nominee_id == on_record.pk
    assert Nominee.objects.count() == 1


def test_a_person_on_record_described_otherwise_still_has_one_dossier_per_campaign(
    client, officer, campaign, on_record
):
    factories.NominationFactory(
        ward=officer.ward, nominee=on_record, campaign=campaign, state="submitted"
    )
    client.force_login(officer)
    response = client.post(
        reverse("nomination-create"), form_data(campaign, position="Cán bộ hưu trí")
    )
    # Refused by the person key (ward, folded name, birth year), shown with that dossier.
    assert Nomination.objects.filter(campaign=campaign).count() == 1
    assert "Người này đã có hồ sơ khác trong phong trào này." in [
        str(m) for m in response.wsgi_request._messages
    ]


def test_second_nomination_of_same_nominee_in_campaign_refused(client, officer, campaign):
    client.force_login(officer)
    client.post(reverse("nomination-create"), form_data(campaign))
    response = client.post(reverse("nomination-create"), form_data(campaign))
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == [
        "Người này đã có hồ sơ khác trong phong trào này."
    ]
    assert Nomination.objects.count() == 1


def test_tampered_campaign_and_award_kind(client, officer, campaign):
    closed = factories.CampaignFactory(name="Đã đóng", status="closed")
    foreign_kind = factories.AwardKindFactory(
        name="Tổ dân phố văn hóa", for_individual=False, for_household=False
    )
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), form_data(closed))
    assert response.status_code == 200
    assert response.context["form"].errors["campaign"] == [
        "Phong trào không hợp lệ hoặc đã hết hạn nhận hồ sơ."
    ]
    assert 'data-testid="hidden-error"' in response.content.decode()
    response = client.post(
        reverse("nomination-create"), form_data(campaign, award_kind=foreign_kind.pk)
    )
    assert response.status_code == 200
    assert "award_kind" in response.context["form"].errors
    response = client.post(reverse("nomination-create"), form_data(campaign, kind="robot"))
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert Nomination.objects.count() == 0


def test_simplified_procedure_refused_when_not_allowed(client, officer):
    kind = factories.AwardKindFactory(name="Lao động tiên tiến", allows_simplified=False)
    campaign = factories.CampaignFactory(award_kinds=[kind])
    client.force_login(officer)
    response = client.post(
        reverse("nomination-create"), form_data(campaign, procedure="simplified")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["procedure"] == [
        "“Lao động tiên tiến” không được xét theo thủ tục đơn giản."
    ]


def test_simplified_procedure_refused_for_a_period_over_several_years(client, officer):
    kind = factories.AwardKindFactory(allows_simplified=True)
    campaign = factories.CampaignFactory(award_kinds=[kind])
    client.force_login(officer)
    response = client.post(
        reverse("nomination-create"),
        form_data(
            campaign,
            award_kind=kind.pk,
            procedure="simplified",
            period_start="2025-12-20",
            period_end="2026-01-05",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["procedure"] == [
        "Thủ tục đơn giản chỉ dành cho thành tích đột xuất: thành tích kéo dài qua nhiều năm "
        "được xét theo thủ tục thông thường."
    ]
    assert Nomination.objects.count() == 0


# --- edit and optimistic locking ----------------------------------------------------------


def test_edit_draft(client, officer, nom, campaign):
    client.force_login(officer)
    page = client.get(reverse("nomination-edit", args=[nom.pk]))
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    response = client.post(
        reverse("nomination-edit", args=[nom.pk]),
        form_data(campaign, version=1, public_summary="Bản mới."),
    )
    assert response.status_code == 302
    nom.refresh_from_db()
    assert (nom.public_summary, nom.version) == ("Bản mới.", 2)
    assert nom.transitions.last().action == "edit"


def test_stale_save_is_refused_and_current_data_shown(client, officer, nom, campaign):
    client.force_login(officer)
    # Someone else saves first (version 1 → 2).
    first = client.post(
        reverse("nomination-edit", args=[nom.pk]),
        form_data(campaign, version=1, public_summary="Của người thứ nhất."),
    )
    assert first.status_code == 302
    # The second officer still holds version 1.
    second = client.post(
        reverse("nomination-edit", args=[nom.pk]),
        form_data(campaign, version=1, public_summary="Của người thứ hai."),
    )
    assert second.status_code == 200
    html = second.content.decode()
    assert "Hồ sơ đã được người khác thay đổi" in html
    assert "Của người thứ nhất." in html
    assert 'name="version" value="2"' in html
    nom.refresh_from_db()
    assert (nom.public_summary, nom.version) == ("Của người thứ nhất.", 2)


def test_submitted_dossier_cannot_be_edited(client, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, state="submitted")
    client.force_login(officer)
    response = client.post(
        reverse("nomination-edit", args=[nom.pk]),
        form_data(campaign, version=1, public_summary="Sửa lén"),
    )
    assert response.status_code == 302
    nom.refresh_from_db()
    assert nom.public_summary != "Sửa lén"


# --- submit, withdraw, return and resubmit, delete ------------------------------------------


def test_submit_then_history(client, officer, nom, authority):
    client.force_login(officer)
    response = client.post(reverse("nomination-submit", args=[nom.pk]), follow=True)
    nom.refresh_from_db()
    assert nom.state == "submitted"
    html = response.content.decode()
    assert "Đã nộp 1 hồ sơ lên Hội đồng Thi đua - Khen thưởng, kèm Tờ trình số 01/TTr-UBND." in html
    assert "Nộp hồ sơ" in html  # history line


def test_submit_incomplete_says_which_fields(client, officer, campaign):
    nom = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, field="", public_summary=""
    )
    client.force_login(officer)
    response = client.post(reverse("nomination-submit", args=[nom.pk]), follow=True)
    assert "Hồ sơ còn thiếu: lĩnh vực, tóm tắt thành tích." in response.content.decode()
    nom.refresh_from_db()
    assert nom.state == "draft"


def test_submit_after_deadline_refused(client, officer):
    today = timezone.localdate()
    late = factories.CampaignFactory(
        deadline=today - dt.timedelta(days=1), opens_on=today - dt.timedelta(days=40)
    )
    nom = factories.NominationFactory(ward=officer.ward, campaign=late)
    client.force_login(officer)
    response = client.post(reverse("nomination-submit", args=[nom.pk]), follow=True)
    assert "không còn nhận hồ sơ" in response.content.decode()
    assert Nomination.objects.get(pk=nom.pk).state == "draft"


def test_returned_dossier_revised_and_resubmitted(
    client, officer, secretary, nom, campaign, authority
):
    from nominations import workflow

    workflow.submit(nom, officer)
    workflow.return_to_ward(nom, secretary, "Thiếu xác nhận của tổ dân phố.")
    client.force_login(officer)
    detail = client.get(_detail(nom)).content.decode()
    assert "Thiếu xác nhận của tổ dân phố." in detail
    nom.refresh_from_db()
    response = client.post(
        reverse("nomination-edit", args=[nom.pk]),
        form_data(campaign, version=nom.version, public_summary="Đã bổ sung."),
    )
    assert response.status_code == 302
    client.post(reverse("nomination-submit", args=[nom.pk]))
    nom.refresh_from_db()
    assert nom.state == "submitted"
    assert list(nom.transitions.values_list("action", flat=True)) == [
        "submit",
        "return",
        "edit",
        "resubmit",
    ]


def test_withdraw(client, officer, nom):
    client.force_login(officer)
    client.post(reverse("nomination-withdraw", args=[nom.pk]), {"comment": "Gia đình xin rút"})
    nom.refresh_from_db()
    assert nom.state == "withdrawn"
    assert nom.transitions.get(action="withdraw").comment == "Gia đình xin rút"
    # A reason longer than 1000 characters is refused, nothing changes.
    other = factories.NominationFactory(ward=officer.ward, campaign=nom.campaign)
    response = client.post(
        reverse("nomination-withdraw", args=[other.pk]), {"comment": "x" * 1001}, follow=True
    )
    assert Nomination.objects.get(pk=other.pk).state == "draft"
    assert "1000" in response.content.decode()
    # Withdrawing twice is refused with a message.
    response = client.post(reverse("nomination-withdraw", args=[nom.pk]), follow=True)
    assert "Không thể rút hồ sơ đang ở trạng thái “Đã rút”." in response.content.decode()


def test_delete_draft_removes_files(
    client, officer, campaign, settings, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    data = form_data(campaign)
    data["photo"] = upload("a.jpg", jpeg_bytes(), "image/jpeg")
    data["evidence"] = [upload("a.pdf", minimal_pdf(), "application/pdf")]
    client.post(reverse("nomination-create"), data)
    nom = Nomination.objects.get()
    assert client.get(reverse("nomination-delete", args=[nom.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("nomination-delete", args=[nom.pk]))
    assert response.status_code == 302
    assert not Nomination.objects.exists()
    assert not Nominee.objects.exists()
    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))
    assert not any(p.is_file() for p in settings.PRIVATE_MEDIA_ROOT.rglob("*"))


def test_submitted_dossier_cannot_be_deleted(client, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, state="submitted")
    client.force_login(officer)
    client.post(reverse("nomination-delete", args=[nom.pk]))
    assert Nomination.objects.filter(pk=nom.pk).exists()


# --- evidence -----------------------------------------------------------------------------


def test_evidence_upload_download_delete(client, officer, nom, secretary):
    client.force_login(officer)
    response = client.post(
        reverse("evidence-upload", args=[nom.pk]),
        {"files": [upload("../../etc/Biên bản họp.pdf", minimal_pdf())]},
    )
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.original_name == "Biên bản họp.pdf"
    assert ".." not in item.file.name and "Bi" not in item.file.name
    download = client.get(reverse("evidence-download", args=[nom.pk, item.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"].startswith("sandbox")
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == minimal_pdf()
    # The council sees submitted dossiers' evidence; never a draft's.
    client.force_login(secretary)
    assert client.get(reverse("evidence-download", args=[nom.pk, item.pk])).status_code == 404
    client.force_login(officer)
    client.post(reverse("evidence-delete", args=[nom.pk, item.pk]))
    assert not Evidence.objects.exists()
    assert list(Transition.objects.values_list("action", flat=True)) == [
        "add_evidence",
        "remove_evidence",
    ]


def test_evidence_not_added_to_submitted_dossier(client, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, state="submitted")
    client.force_login(officer)
    response = client.post(
        reverse("evidence-upload", args=[nom.pk]), {"files": [upload("a.pdf", minimal_pdf())]}
    )
    assert response.status_code == 302
    assert not Evidence.objects.exists()


def _count_queries(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["staff-home", "nomination-list"])
def test_same_number_of_queries_at_5_and_50_rows(client, officer, campaign, url_name):
    def add(n):
        for i in range(n):
            factories.NominationFactory(
                ward=officer.ward,
                campaign=campaign,
                state=["draft", "returned", "submitted"][i % 3],
            )

    client.force_login(officer)
    url = reverse(url_name)
    add(5)
    client.get(url)  # warm the session and the authority
    at_5 = _count_queries(client, url, {"sort": "name"} if url_name != "staff-home" else None)
    add(45)
    at_50 = _count_queries(client, url, {"sort": "name"} if url_name != "staff-home" else None)
    assert at_5 == at_50
    print(f"{url_name}: {at_5} queries at 5 and at 50 rows")


def test_evidence_page_and_council_reads_submitted_dossier(
    client, officer, secretary, campaign, authority
):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    page = client.get(reverse("evidence-upload", args=[nom.pk]))
    assert page.status_code == 200
    assert "Thêm tài liệu minh chứng" in page.content.decode()
    client.post(
        reverse("evidence-upload", args=[nom.pk]),
        {"files": [upload("Biên bản.pdf", minimal_pdf())]},
    )
    client.post(reverse("nomination-submit", args=[nom.pk]))
    item = Evidence.objects.get()
    client.force_login(secretary)
    detail = client.get(_detail(nom))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Biên bản.pdf" in html
    assert 'data-testid="edit"' not in html and 'data-testid="withdraw"' not in html
    download = client.get(reverse("evidence-download", args=[nom.pk, item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == minimal_pdf()
