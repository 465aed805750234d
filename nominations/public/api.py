"""The read-only public API (/api/v1/): campaigns, exemplars and published decisions as JSON,
described by its OpenAPI schema at /api/v1/openapi.json (django-ninja).

Every operation is a public page in all but its format: anonymous GETs are served from the
page cache (``emulation.page_cache.cache_public_page``) with ``Cache-Control: public``, and
each client address may ask ``OPEN_DATA_PER_IP_PER_MINUTE`` times a minute (429 with a JSON
message beyond). The records come from :mod:`nominations.public.opendata`. No docs page: the
Swagger UI loads its scripts from a CDN, which the site's CSP forbids; the schema is enough
for any OpenAPI tool.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from pydantic import Field

from nominations.public import opendata
from nominations.public.views import served_publicly

api = NinjaAPI(
    title="Thi đua - Khen thưởng: dữ liệu mở",
    version="1",
    description=(
        "Dữ liệu đã công khai trên trang: phong trào thi đua, gương người tốt, việc tốt "
        "(chỉ khi người được khen đồng ý công khai, chưa bị thu hồi) và các quyết định khen "
        "thưởng đã ban hành. Chỉ đọc, không cần đăng nhập. Danh sách có phân trang "
        f"(limit tối đa {opendata.MAX_LIMIT}, mặc định {opendata.DEFAULT_LIMIT}; offset). "
        "Bộ lọc không hợp lệ (phường, phong trào, năm, lĩnh vực, danh hiệu không tồn tại) "
        "được bỏ qua như trên trang Gương sáng; bộ lọc thực sự áp dụng được trả lại trong "
        "trường filters. Giới hạn số yêu cầu mỗi phút cho mỗi địa chỉ (429 khi vượt)."
    ),
    urls_namespace="api",
    docs_url=None,
    docs_decorator=served_publicly,
)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter that does not parse (limit=abc): 422 with a message saying which."""
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    return JsonResponse(
        {
            "detail": _("Tham số không hợp lệ: %(names)s.") % {"names": ", ".join(names)},
            "errors": [
                {"parameter": str(e["loc"][-1]), "message": str(e.get("msg", ""))}
                for e in exc.errors
                if e.get("loc")
            ],
        },
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)


# --- schemas -------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class CampaignOut(Schema):
    slug: str
    name: str
    launched_by: str
    summary: str
    description: str
    criteria: str
    kind: str = Field(description="annual | thematic | sudden")
    kind_label: str
    status: str = Field(description="open | closed")
    status_label: str
    opens_on: dt.date
    deadline: dt.date
    closes_on: dt.date
    accepts_nominations: bool
    award_kinds: list[str]
    exemplar_count: int = Field(description="số gương được tôn vinh đang công khai")
    url: str


class ExemplarOut(Schema):
    id: int
    name: str
    position: str
    ward: str
    ward_slug: str
    field: str | None
    field_label: str | None
    summary: str
    award_kind: str
    awarded_on: dt.date | None
    decision: str | None = Field(description='số quyết định, ví dụ "05/QĐ-UBND"')
    decided_on: dt.date | None
    campaign: str
    campaign_slug: str
    url: str


class DecisionOut(Schema):
    reference: str
    decided_on: dt.date | None
    year: int | None
    title: str
    authority: str
    campaign: str | None
    awardee_count: int = Field(description="số tập thể, cá nhân được khen thưởng")


class AppliedFilters(Schema):
    q: str | None
    ward: str | None
    campaign: str | None
    year: int | None
    field: str | None
    award: str | None


class CampaignPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CampaignOut]


class ExemplarPage(Schema):
    count: int
    limit: int
    offset: int
    filters: AppliedFilters
    items: list[ExemplarOut]


class DecisionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DecisionOut]


class Paging(Schema):
    limit: int | None = Field(
        None, description=f"1–{opendata.MAX_LIMIT} (mặc định {opendata.DEFAULT_LIMIT})"
    )
    offset: int | None = Field(None, description="≥ 0")


class ExemplarQuery(Paging):
    q: str | None = Field(None, description="tìm theo tên, chức vụ, phường, thành tích")
    ward: str | None = Field(None, description="mã phường (ward_slug)")
    campaign: str | None = Field(None, description="mã phong trào (slug)")
    year: str | None = Field(None, description="năm khen thưởng, ví dụ 2026")
    field: str | None = Field(None, description="lĩnh vực (education, health, …)")
    award: str | None = Field(None, description="mã hình thức khen thưởng")


# --- operations ----------------------------------------------------------------------------


@api.get("/campaigns/", response=CampaignPage, tags=["campaigns"], url_name="campaigns")
@decorate_view(served_publicly)
def campaign_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Các phong trào đã phát động (không gồm bản chuẩn bị), mới nhất trước."""
    win = opendata.window(paging.limit, paging.offset)
    count, rows = opendata.page(opendata.campaigns(), win)
    return {
        "count": count,
        "limit": win.limit,
        "offset": win.offset,
        "items": opendata.campaign_records(rows),
    }


@api.get(
    "/campaigns/{slug:slug}/",
    response={200: CampaignOut, 404: Message},
    tags=["campaigns"],
    url_name="campaign",
)
@decorate_view(served_publicly)
def campaign_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Một phong trào theo mã (slug); 404 nếu không có hoặc chưa phát động."""
    campaign = opendata.campaigns().filter(slug=slug[:200]).first()
    if campaign is None:
        raise Http404
    return opendata.campaign_records([campaign])[0]


@api.get("/exemplars/", response=ExemplarPage, tags=["exemplars"], url_name="exemplars")
@decorate_view(served_publicly)
def exemplar_list(request: HttpRequest, params: Query[ExemplarQuery]) -> dict[str, Any]:
    """Gương người tốt, việc tốt đang công khai, với các bộ lọc của trang Gương sáng."""
    win = opendata.window(params.limit, params.offset)
    filters = opendata.exemplar_filters(params.dict())
    count, rows = opendata.page(opendata.exemplars(filters), win)
    return {
        "count": count,
        "limit": win.limit,
        "offset": win.offset,
        "filters": opendata.applied_filters(filters),
        "items": [opendata.exemplar_record(n) for n in rows],
    }


@api.get(
    "/exemplars/{int:id}/",
    response={200: ExemplarOut, 404: Message},
    tags=["exemplars"],
    url_name="exemplar",
)
@decorate_view(served_publicly)
def exemplar_detail(request: HttpRequest, id: int) -> dict[str, Any]:  # noqa: A002
    """Một gương theo mã (id); 404 nếu không có hoặc không (còn) công khai."""
    nomination = opendata.exemplars().filter(pk=id).first()
    if nomination is None:
        raise Http404
    return opendata.exemplar_record(nomination)


@api.get("/decisions/", response=DecisionPage, tags=["decisions"], url_name="decisions")
@decorate_view(served_publicly)
def decision_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """Các quyết định khen thưởng đã ban hành, mới nhất trước."""
    win = opendata.window(paging.limit, paging.offset)
    count, rows = opendata.page(opendata.published_decisions(), win)
    return {
        "count": count,
        "limit": win.limit,
        "offset": win.offset,
        "items": [opendata.decision_record(d) for d in rows],
    }
