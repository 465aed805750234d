"""Open data (issue #18): the read-only JSON API at /api/v1/, its OpenAPI schema, the CSV
downloads at /du-lieu-mo/ and the page that lists them. Nothing private, nothing that is not
already public, junk parameters never a 500, a limit per address, cached like the pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from nominations.models import Decision, DecisionState, Suggestion
from nominations.models.decision import DecisionKind
from tests import factories
from tests.public.conftest import issue_decision

pytestmark = pytest.mark.django_db

API = "/api/v1"
CSV_URLS = [
    "/du-lieu-mo/phong-trao.csv",
    "/du-lieu-mo/guong-sang.csv",
    "/du-lieu-mo/quyet-dinh.csv",
]
EXEMPLAR_FIELDS = {
    "id",
    "name",
    "position",
    "ward",
    "ward_slug",
    "field",
    "field_label",
    "summary",
    "award_kind",
    "awarded_on",
    "decision",
    "decided_on",
    "campaign",
    "campaign_slug",
    "url",
}


@pytest.fixture
def site(make_exemplar, authority):
    """A public exemplar with private details, and every kind of row that must stay hidden."""
    ward = factories.WardFactory(name="Cát Linh", code="DD01")
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt", summary="Tôn vinh.")
    public = make_exemplar(
        "Nguyễn Đình Tính",
        ward=ward,
        campaign=campaign,
        nominee_phone="0987654321",
        nominee_address="Số 7 ngõ Bí Ẩn",
        nominee_birth_year=1949,
        nominee_workplace="Tổ dân phố Kín Đáo",
        public_summary="Hơn ba mươi năm vận động bà con giữ gìn ngõ phố.",
        achievement_report="Báo cáo nội bộ Riêng Tư",
        story="Câu chuyện đời tư Tâm Sự",
        field="community",
    )
    make_exemplar("Lê Văn Không Đồng Ý", ward=ward, campaign=campaign, consent=False)
    make_exemplar("Trần Thị Dự Thảo", ward=ward, campaign=campaign, state="draft")
    revoked = make_exemplar("Phạm Văn Thu Hồi", ward=ward, campaign=campaign, state="revoked")
    award_decision = revoked.awards.get().decision
    revocation = Decision.objects.create(
        authority=authority,
        kind=DecisionKind.REVOCATION,
        revokes=award_decision,
        title="Về việc hủy bỏ khen thưởng đối với ông Phạm Văn Thu Hồi",
        state=DecisionState.ISSUED,
        decided_on=dt.date(2026, 11, 2),
        year=2026,
        number=901,
        symbol="QĐ-UBND",
        signer_name="Lê Tuấn Định",
        signer_title="Chủ tịch",
    )
    revoked.awards.update(revoked_by=revocation)
    Decision.objects.create(authority=authority, title="Dự thảo chưa ký Nháp", symbol="QĐ-UBND")
    factories.CampaignFactory(name="Phong trào Chuẩn Bị", status="draft")
    Suggestion.objects.create(
        ward=ward,
        nominee_name="Bà Gợi Ý",
        deeds="Lời kể của người dân Gợi Ý",
        writer_name="Người Viết",
        writer_contact="0911222333",
        ip_hash="x" * 64,
    )
    return {"public": public, "campaign": campaign, "ward": ward}


def get_json(client, path: str, status: int = 200) -> dict:
    response = client.get(path)
    assert response.status_code == status, (path, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def every_answer(client, site) -> dict[str, str]:
    """The text of every endpoint and CSV file, as a resident's program would read it."""
    public = site["public"]
    paths = [
        f"{API}/campaigns/",
        f"{API}/campaigns/{site['campaign'].slug}/",
        f"{API}/exemplars/",
        f"{API}/exemplars/?q=nguyen",
        f"{API}/exemplars/{public.pk}/",
        f"{API}/decisions/",
        f"{API}/openapi.json",
        *CSV_URLS,
    ]
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode("utf-8-sig")
        if path.startswith(API):  # JSON escapes letters outside ASCII: compare the text itself
            text = json.dumps(json.loads(text), ensure_ascii=False)
        answers[path] = text
    return answers


# --- privacy -------------------------------------------------------------------------------


def test_nothing_private_and_nothing_not_public_in_any_endpoint_or_csv(client, site):
    private = [
        "0987654321",
        "987654321",
        "Bí Ẩn",
        "1949",
        "Kín Đáo",
        "Riêng Tư",
        "Tâm Sự",
        "Không Đồng Ý",
        "Dự Thảo",
        "Thu Hồi",
        "Nháp",
        "Chuẩn Bị",
        "Gợi Ý",
        "0911222333",
        "Lê Tuấn Định",  # the signer
    ]
    answers = every_answer(client, site)
    for path, text in answers.items():
        for secret in private:
            assert secret not in text, (path, secret)
    # The control: the public exemplar is there.
    assert "Nguyễn Đình Tính" in answers[f"{API}/exemplars/"]
    assert "Nguyễn Đình Tính" in answers["/du-lieu-mo/guong-sang.csv"]


def test_hidden_rows_answer_404_by_id(client, site, make_exemplar):
    hidden = make_exemplar("Lê Văn Ẩn", consent=False)
    assert get_json(client, f"{API}/exemplars/{hidden.pk}/", 404) == {"detail": "Không tìm thấy."}
    draft = Decision.objects.filter(state=DecisionState.DRAFT).get()
    titles = [d["title"] for d in get_json(client, f"{API}/decisions/")["items"]]
    assert set(titles) == {"Về việc khen thưởng"}  # four issued, the draft not among them
    assert draft.title not in titles
    draft_campaign = factories.CampaignFactory(name="Chưa phát động", status="draft")
    get_json(client, f"{API}/campaigns/{draft_campaign.slug}/", 404)


def test_withdrawn_consent_disappears_from_the_api_at_once(client, site):
    public = site["public"]
    path = f"{API}/exemplars/{public.pk}/"
    assert get_json(client, path)["name"] == "Nguyễn Đình Tính"
    public.consent_public = False
    public.save()
    get_json(client, path, 404)
    assert get_json(client, f"{API}/exemplars/")["count"] == 0
    assert "Nguyễn Đình Tính" not in client.get("/du-lieu-mo/guong-sang.csv").content.decode()


# --- the records ---------------------------------------------------------------------------


def test_exemplar_record_is_what_the_page_shows(client, site, settings):
    public = site["public"]
    award = public.awards.get()
    record = get_json(client, f"{API}/exemplars/{public.pk}/")
    assert record == {
        "id": public.pk,
        "name": "Nguyễn Đình Tính",
        "position": "Tổ trưởng tổ dân phố",
        "ward": "Cát Linh",
        "ward_slug": "cat-linh",
        "field": "community",
        "field_label": "Cộng đồng",
        "summary": "Hơn ba mươi năm vận động bà con giữ gìn ngõ phố.",
        "award_kind": award.award_kind_name,
        "awarded_on": "2026-10-15",
        "decision": award.decision.reference,
        "decided_on": "2026-10-15",
        "campaign": "Người tốt, việc tốt",
        "campaign_slug": site["campaign"].slug,
        "url": f"{settings.SITE_URL.rstrip('/')}/guong-sang/{public.pk}-nguyen-dinh-tinh/",
    }
    listing = get_json(client, f"{API}/exemplars/")
    assert listing["count"] == 1
    assert listing["items"] == [record]
    assert listing["filters"] == {
        "q": None,
        "ward": None,
        "campaign": None,
        "year": None,
        "field": None,
        "award": None,
    }


def test_campaigns_and_decisions(client, site, authority):
    campaigns = get_json(client, f"{API}/campaigns/")
    assert campaigns["count"] == 1
    (campaign,) = campaigns["items"]
    assert (campaign["name"], campaign["exemplar_count"], campaign["status"]) == (
        "Người tốt, việc tốt",
        1,
        "open",
    )
    assert campaign["accepts_nominations"] is True
    assert get_json(client, f"{API}/campaigns/{site['campaign'].slug}/") == campaign
    decisions = get_json(client, f"{API}/decisions/")
    # Three issued award decisions (the public exemplar's, the non-consenting person's and the
    # revoked one's, each a published document whose title names nobody); the revocation and
    # the draft are not listed.
    assert decisions["count"] == 3
    item = next(
        d
        for d in decisions["items"]
        if d["reference"] == site["public"].awards.get().decision.reference
    )
    assert item == {
        "reference": item["reference"],
        "decided_on": "2026-10-15",
        "year": 2026,
        "title": "Về việc khen thưởng",
        "authority": authority.name,
        "campaign": None,
        "awardee_count": 1,
    }


# --- the schema ----------------------------------------------------------------------------


def test_openapi_schema_lists_each_path_and_the_exemplar_fields(client):
    schema = get_json(client, f"{API}/openapi.json")
    assert sorted(schema["paths"]) == [
        "/api/v1/campaigns/",
        "/api/v1/campaigns/{slug}/",
        "/api/v1/decisions/",
        "/api/v1/exemplars/",
        "/api/v1/exemplars/{id}/",
    ]
    assert all(set(ops) == {"get"} for ops in schema["paths"].values())
    schemas = schema["components"]["schemas"]
    assert set(schemas["ExemplarOut"]["properties"]) == EXEMPLAR_FIELDS
    parameters = {p["name"] for p in schema["paths"]["/api/v1/exemplars/"]["get"]["parameters"]}
    assert parameters == {"limit", "offset", "q", "ward", "campaign", "year", "field", "award"}


def test_no_docs_page_that_would_load_a_cdn(client):
    assert client.get(f"{API}/docs").status_code == 404
    assert client.get(f"{API}/").status_code == 404


# --- junk ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "ward=khong-co",
        "campaign=%00",
        "year=abc",
        "year=99999999999999999999",
        "field=rocket",
        "award=' OR 1=1 --",
        "q=%00%01",
        "limit=0",
        "limit=-5",
        "limit=100000000000000000000000",
        "offset=-1",
        "offset=100000000000000000000000000000",
        "ward=&campaign=&year=&field=&award=&q=",
    ],
)
def test_junk_filters_are_ignored_never_an_error(client, site, query):
    answer = get_json(client, f"{API}/exemplars/?{query}")
    assert 1 <= answer["limit"] <= 200
    assert answer["offset"] >= 0
    assert answer["filters"] == {k: None for k in answer["filters"]}
    assert answer["count"] == 1


def test_a_long_query_is_cut(client, site):
    answer = get_json(client, f"{API}/exemplars/?q=" + "x" * 10_000)
    assert (answer["count"], answer["filters"]["q"]) == (0, "x" * 200)


def test_a_parameter_that_does_not_parse_is_met_with_a_message(client, site):
    answer = get_json(client, f"{API}/exemplars/?limit=abc", 422)
    assert answer["detail"] == "Tham số không hợp lệ: limit."
    assert [e["parameter"] for e in answer["errors"]] == ["limit"]
    assert get_json(client, f"{API}/decisions/?offset=1.5", 422)["detail"] == (
        "Tham số không hợp lệ: offset."
    )


def test_limits_are_clamped_and_an_offset_past_the_end_is_empty(client, site, make_exemplar):
    for n in range(3):
        make_exemplar(f"Người Thứ {n}", campaign=site["campaign"])
    assert get_json(client, f"{API}/exemplars/?limit=500")["limit"] == 200
    assert get_json(client, f"{API}/exemplars/?limit=0")["limit"] == 50
    two = get_json(client, f"{API}/exemplars/?limit=2&offset=1")
    assert (two["count"], len(two["items"]), two["offset"]) == (4, 2, 1)
    assert get_json(client, f"{API}/exemplars/?offset=4")["items"] == []


def test_filters_filter_and_are_echoed(client, site, make_exemplar):
    other = factories.WardFactory(name="Phương Mai", code="DD12")
    make_exemplar("Ngô Thanh Thủy", ward=other, campaign=site["campaign"], field="health")
    answer = get_json(client, f"{API}/exemplars/?ward=phuong-mai&year=2026&field=health&q=thuy")
    assert [e["name"] for e in answer["items"]] == ["Ngô Thanh Thủy"]
    assert answer["filters"] == {
        "q": "thuy",
        "ward": "phuong-mai",
        "campaign": None,
        "year": 2026,
        "field": "health",
        "award": None,
    }
    csv_text = client.get("/du-lieu-mo/guong-sang.csv?phuong=phuong-mai").content.decode()
    assert "Ngô Thanh Thủy" in csv_text and "Nguyễn Đình Tính" not in csv_text


@pytest.mark.parametrize(
    "path",
    [
        "/exemplars/99999999999999999999/",
        "/exemplars/0/",
        "/campaigns/khong-co-phong-trao/",
    ],
)
def test_unknown_objects_are_404_in_json(client, site, path):
    assert get_json(client, API + path, 404) == {"detail": "Không tìm thấy."}


def test_the_api_only_reads(client, site):
    assert client.post(f"{API}/exemplars/").status_code == 405
    assert client.delete(f"{API}/exemplars/{site['public'].pk}/").status_code == 405
    assert client.post("/du-lieu-mo/guong-sang.csv").status_code == 405


# --- rate limit and cache ------------------------------------------------------------------


def test_rate_limit_per_address_answers_429_in_json(client, site, settings):
    settings.OPEN_DATA_PER_IP_PER_MINUTE = 3
    for _ in range(3):
        assert client.get(f"{API}/decisions/").status_code == 200
    refused = client.get(f"{API}/exemplars/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert json.loads(refused.content) == {
        "detail": "Quá nhiều yêu cầu từ địa chỉ này. Vui lòng thử lại sau một phút."
    }
    csv_refused = client.get("/du-lieu-mo/phong-trao.csv")
    assert (csv_refused.status_code, csv_refused["Content-Type"]) == (
        429,
        "text/plain; charset=utf-8",
    )
    # Another address is not limited.
    assert client.get(f"{API}/exemplars/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_cached_like_public_pages_and_dropped_by_a_write(client, site, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    first = client.get(f"{API}/exemplars/")
    second = client.get(f"{API}/exemplars/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["Cache-Control"] == "public, max-age=60"
    assert second["Content-Type"] == "application/json; charset=utf-8"
    assert second.content == first.content
    csv_hit = [client.get("/du-lieu-mo/guong-sang.csv") for _ in range(2)][1]
    assert (csv_hit["X-Page-Cache"], csv_hit["Cache-Control"]) == ("hit", "public, max-age=60")
    assert csv_hit["Content-Disposition"] == 'attachment; filename="guong-sang.csv"'
    site["public"].consent_public = False
    site["public"].save()
    assert json.loads(client.get(f"{API}/exemplars/").content)["count"] == 0


def test_signed_in_users_get_no_shared_cache_headers(client, site, officer):
    client.force_login(officer)
    response = client.get(f"{API}/exemplars/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Page-Cache" not in response


def test_constant_queries(client, site, make_exemplar, django_assert_max_num_queries):
    for n in range(6):
        make_exemplar(f"Người Thứ {n}", campaign=site["campaign"])
    client.get(f"{API}/exemplars/?ward=cat-linh")  # the option lists, kept until a write
    from django.core.cache import cache

    for path in [f"{API}/exemplars/?q=nguoi&nocache={timezone.now().timestamp()}"]:
        with django_assert_max_num_queries(6):
            assert client.get(path).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(10):
        assert client.get("/du-lieu-mo/guong-sang.csv").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/campaigns/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/decisions/").status_code == 200


# --- CSV and the page ----------------------------------------------------------------------


def test_csv_files_are_utf8_with_bom_and_neutralised(client, site, make_exemplar):
    make_exemplar(
        "Đỗ Văn Công Thức",
        campaign=site["campaign"],
        public_summary='=HYPERLINK("http://x.example","bấm")',
    )
    response = client.get("/du-lieu-mo/guong-sang.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith('Mã,Họ và tên / tên tập thể,"Chức vụ, nghề nghiệp",Phường,')
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    decisions = client.get("/du-lieu-mo/quyet-dinh.csv").content.decode("utf-8-sig")
    assert decisions.splitlines()[0] == (
        "Số quyết định,Ngày quyết định,Trích yếu,Cơ quan ban hành,Phong trào,"
        '"Số tập thể, cá nhân được khen thưởng"'
    )
    assert "15/10/2026" in decisions


def test_open_data_page_is_linked_from_the_footer(client, site):
    home = client.get(reverse("home")).content.decode()
    assert 'href="/du-lieu-mo/"' in home
    page = client.get(reverse("open-data"))
    assert page.status_code == 200
    html = page.content.decode()
    for url in [*CSV_URLS, "/api/v1/openapi.json", "/api/v1/exemplars/", "/api/v1/decisions/"]:
        assert url in html, url
    assert "cdn" not in html.lower()


def test_the_api_is_of_the_issued_award_as_printed(client, make_exemplar, authority):
    """An exemplar awarded by two decisions shows the later one, as its page does."""
    exemplar = make_exemplar("Vũ Thị Hai Lần")
    later = issue_decision(authority, [exemplar], day=dt.date(2026, 12, 1))
    record = get_json(client, f"{API}/exemplars/{exemplar.pk}/")
    assert (record["decision"], record["decided_on"]) == (later.reference, "2026-12-01")


@pytest.mark.parametrize(
    "path",
    ["/campaigns/%C3%A1%00/", "/exemplars/abc/", "/exemplars/-1/", "/nothing/", "/docs"],
)
def test_addresses_outside_the_api_are_404_never_500(client, site, path):
    assert client.get(API + path).status_code == 404


def test_repeated_and_english_parameters(client, site):
    """A parameter given twice counts once; labels follow the visitor's language, codes not."""
    answer = get_json(client, f"{API}/exemplars/?ward=khong-co&ward=cat-linh")
    assert answer["count"] == 1
    english = client.get(f"{API}/exemplars/", HTTP_ACCEPT_LANGUAGE="en")
    (item,) = json.loads(english.content)["items"]
    assert (item["field"], item["field_label"]) == ("community", "Community")
