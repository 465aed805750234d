"""The authorization matrix: every URL pattern of the project, requested as six people.

The patterns come from the URL conf itself (``get_resolver().url_patterns``, recursively): a
page that is added without a row here fails ``test_every_url_pattern_is_in_the_matrix``, so
no page can escape the matrix. Each row names the method and the expected status for

    anonymous · officer of the owning ward · officer of another ward · secretary · member ·
    chairman

GET rows read; POST rows send an empty form: what is checked is who gets past the door
(anonymous → 302 to the login page, outsiders → 403 or 404, insiders → 200, a redirect or
405 for a form-only action), not what a valid form does (each area's own tests do that).
Objects of another ward are 404, never 403, so that their existence does not leak.
Run ``MATRIX_PROBE=1 scripts/test tests/security/test_authorization_matrix.py -s`` to print the
statuses actually answered, when a page is added.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from nominations.models import (
    AgendaItem,
    Award,
    Decision,
    Evidence,
    Meeting,
    Suggestion,
    Transition,
)
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "other", "secretary", "member", "chairman"]
ADMIN_PREFIX = "quan-tri/"

# Shorthands for the common rows.
PUBLIC = (200, 200, 200, 200, 200, 200)


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def project_routes() -> list[str]:
    return [route for route, _p in walk(get_resolver().url_patterns)]


# route → (method, args key, (anonymous, owner, other, secretary, member, chairman))
MATRIX: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "guong-sang/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "guong-sang/feed/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "guong-sang/<int:pk>-<slug:slug>/": ("GET", "exemplar", (200, 200, 200, 200, 200, 200)),
    "guong-sang/<int:pk>/noi-bat/": ("POST", "awarded", (302, 403, 403, 302, 403, 403)),
    "phong-trao/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "phong-trao/<slug:slug>/": ("GET", "campaign_slug", (200, 200, 200, 200, 200, 200)),
    "gioi-thieu-nguoi-tot/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "gioi-thieu-nguoi-tot/cam-on/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "sitemap.xml": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "robots.txt": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "can-bo/": ("GET", "", (302, 200, 200, 302, 302, 302)),
    "can-bo/ho-so/": ("GET", "", (302, 200, 200, 403, 403, 403)),
    "can-bo/ho-so/moi/": ("GET", "", (302, 200, 200, 403, 403, 403)),
    "can-bo/ho-so/<int:pk>/": ("GET", "submitted", (302, 200, 404, 200, 200, 200)),
    "can-bo/ho-so/<int:pk>/sua/": ("GET", "draft", (302, 200, 404, 404, 404, 404)),
    "can-bo/ho-so/<int:pk>/xoa/": ("GET", "draft", (302, 200, 404, 404, 404, 404)),
    "can-bo/ho-so/<int:pk>/nop/": ("POST", "draft", (302, 302, 404, 302, 302, 302)),
    "can-bo/ho-so/<int:pk>/rut/": ("POST", "submitted", (302, 302, 404, 302, 302, 302)),
    "can-bo/ho-so/<int:pk>/tai-lieu/": ("GET", "submitted", (302, 302, 404, 403, 403, 403)),
    "can-bo/ho-so/<int:pk>/tai-lieu/<int:evidence_pk>/": (
        "GET",
        "evidence",
        (302, 200, 404, 200, 200, 200),
    ),
    "can-bo/ho-so/<int:pk>/tai-lieu/<int:evidence_pk>/xoa/": (
        "POST",
        "evidence",
        (302, 302, 404, 302, 302, 302),
    ),
    "can-bo/ho-so/<int:pk>/bien-ban-xet/": ("GET", "draft", (302, 200, 404, 404, 404, 404)),
    "can-bo/ho-so/nop/": ("POST", "", (302, 302, 302, 403, 403, 403)),
    "can-bo/to-trinh/": ("GET", "", (302, 200, 200, 403, 403, 403)),
    "can-bo/to-trinh/<int:pk>/": ("GET", "batch", (302, 200, 404, 403, 403, 403)),
    "hoi-dong/": ("GET", "", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/tong-quan/": ("GET", "", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/tiep-nhan/": ("POST", "", (302, 403, 403, 302, 302, 302)),
    "hoi-dong/ho-so/<int:pk>/": ("GET", "submitted", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/ho-so/<int:pk>/tiep-nhan/": ("POST", "submitted", (302, 403, 403, 302, 302, 302)),
    "hoi-dong/ho-so/<int:pk>/tra-lai/": ("POST", "submitted", (302, 403, 403, 302, 302, 302)),
    "hoi-dong/ho-so/<int:pk>/de-nghi/": ("POST", "submitted", (302, 403, 403, 302, 302, 302)),
    "hoi-dong/ho-so/<int:pk>/ghi-chu/": ("POST", "submitted", (302, 403, 403, 302, 302, 302)),
    "hoi-dong/cuoc-hop/": ("GET", "", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/cuoc-hop/moi/": ("GET", "", (302, 403, 403, 200, 403, 403)),
    "hoi-dong/cuoc-hop/<int:pk>/": ("GET", "meeting", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/cuoc-hop/<int:pk>/chuong-trinh/": ("POST", "meeting", (302, 403, 403, 302, 302, 302)),
    "hoi-dong/cuoc-hop/<int:pk>/bieu-quyet/<int:nomination_pk>/": (
        "POST",
        "vote",
        (302, 403, 403, 302, 302, 302),
    ),
    "hoi-dong/cuoc-hop/<int:pk>/kiem-phieu/<int:item_pk>/": (
        "GET",
        "agenda_item",
        (302, 403, 403, 200, 403, 403),
    ),
    "hoi-dong/cuoc-hop/<int:pk>/bien-ban-kiem-phieu/": (
        "GET",
        "meeting",
        (302, 403, 403, 200, 200, 200),
    ),
    # The secretary's confirm without the start and end times is asked again (200).
    "hoi-dong/cuoc-hop/<int:pk>/ket-thuc/": ("POST", "meeting", (302, 403, 403, 200, 302, 302)),
    "hoi-dong/cuoc-hop/<int:pk>/bien-ban.pdf": ("GET", "meeting", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/quyet-dinh/": ("GET", "", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/quyet-dinh/moi/": ("GET", "", (302, 403, 403, 200, 403, 403)),
    "hoi-dong/quyet-dinh/<int:pk>/": ("GET", "issued", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/quyet-dinh/<int:pk>/sua/": ("POST", "draft_decision", (302, 403, 403, 302, 302, 302)),
    "hoi-dong/quyet-dinh/<int:pk>/xoa/": ("POST", "draft_decision", (302, 403, 403, 302, 404, 404)),
    "hoi-dong/quyet-dinh/<int:pk>/ban-hanh/": (
        "POST",
        "draft_decision",
        (302, 403, 403, 302, 302, 302),
    ),
    "hoi-dong/quyet-dinh/<int:pk>/trinh-ky/": (
        "POST",
        "draft_decision",
        (302, 403, 403, 302, 302, 302),
    ),
    "hoi-dong/quyet-dinh/<int:pk>/tra-lai/": (
        "POST",
        "draft_decision",
        (302, 403, 403, 302, 302, 302),
    ),
    "hoi-dong/quyet-dinh/<int:pk>/vao-so/": (
        "POST",
        "draft_decision",
        (302, 403, 403, 302, 302, 302),
    ),
    "hoi-dong/quyet-dinh/<int:pk>/ban-chup/": (
        "POST",
        "draft_decision",
        (302, 403, 403, 302, 302, 302),
    ),
    "hoi-dong/quyet-dinh/<int:pk>/phat-hanh/": (
        "POST",
        "draft_decision",
        (302, 403, 403, 302, 302, 302),
    ),
    "hoi-dong/so-van-ban/": ("GET", "", (302, 403, 403, 200, 200, 200)),
    "hoi-dong/quyet-dinh/<int:pk>/thu-hoi/": ("GET", "issued", (302, 403, 403, 200, 403, 403)),
    "hoi-dong/quyet-dinh/<int:pk>/quyet-dinh.pdf": (
        "GET",
        "issued",
        (302, 200, 200, 200, 200, 200),
    ),
    "hoi-dong/quyet-dinh/<int:pk>/giay-khen.pdf": ("GET", "issued", (302, 200, 200, 200, 200, 200)),
    "hoi-dong/giay-khen/<int:award_pk>.pdf": ("GET", "award", (302, 200, 404, 200, 200, 200)),
    "can-bo/goi-y/": ("GET", "", (302, 200, 200, 403, 403, 403)),
    "can-bo/goi-y/<int:pk>/": ("GET", "suggestion", (302, 200, 404, 403, 403, 403)),
    "can-bo/goi-y/<int:pk>/lap-ho-so/": ("POST", "suggestion", (302, 400, 404, 403, 403, 403)),
    "can-bo/goi-y/<int:pk>/bo-qua/": ("POST", "suggestion", (302, 302, 404, 403, 403, 403)),
    "can-bo/goi-y/<int:pk>/anh/": ("GET", "suggestion", (302, 200, 404, 403, 403, 403)),
    "bao-cao/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "bao-cao/thong-ke/tai-ve/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "bao-cao/ho-so/tai-ve/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "bao-cao/quyet-dinh/<int:pk>/tai-ve/": ("GET", "issued", (302, 200, 404, 200, 200, 200)),
    "bao-cao/nhap-excel/": ("GET", "", (302, 200, 200, 403, 403, 403)),
    "bao-cao/nhap-excel/mau/": ("GET", "", (302, 200, 200, 403, 403, 403)),
    "bao-cao/nhap-excel/<str:token>/": ("GET", "token", (302, 302, 302, 403, 403, 403)),
    "bao-cao/nhap-excel/<str:token>/xac-nhan/": ("POST", "token", (302, 302, 302, 403, 403, 403)),
    "xac-minh/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "xac-minh/<str:code>/": ("GET", "code", (200, 200, 200, 200, 200, 200)),
    "tai-khoan/dang-nhap/": ("GET", "", (200, 302, 302, 302, 302, 302)),
    "tai-khoan/logout/": ("POST", "", (302, 302, 302, 302, 302, 302)),
    "tai-khoan/password_change/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "tai-khoan/password_change/done/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "tai-khoan/password_reset/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "tai-khoan/password_reset/done/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "tai-khoan/reset/<uidb64>/<token>/": ("GET", "reset", (200, 200, 200, 200, 200, 200)),
    "tai-khoan/reset/done/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    # Two-factor sign-in (the secretary's and the chairman's sessions are verified by a TOTP
    # device, tests/two_factor.py): the code page sends a verified session on; enrolment is
    # open to those without a device only; the account page and the recovery codes to all.
    "tai-khoan/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "tai-khoan/xac-thuc/": ("GET", "", (302, 302, 302, 302, 302, 302)),
    "tai-khoan/xac-thuc/dang-ky/": ("GET", "", (302, 200, 200, 302, 200, 302)),
    "tai-khoan/xac-thuc/ma-du-phong/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "i18n/setlang/": ("POST", "", (302, 302, 302, 302, 302, 302)),
    "ngon-ngu/": ("GET", "", (302, 302, 302, 302, 302, 302)),
    "suc-khoe/": ("GET", "", (200, 200, 200, 200, 200, 200)),
    # Open data: public to everyone, read-only (nominations/public/api.py, views.py). The
    # API's root has no page (no docs page: Swagger UI would load from a CDN).
    "du-lieu-mo/": ("GET", "", PUBLIC),
    "du-lieu-mo/phong-trao.csv": ("GET", "", PUBLIC),
    "du-lieu-mo/guong-sang.csv": ("GET", "", PUBLIC),
    "du-lieu-mo/quyet-dinh.csv": ("GET", "", PUBLIC),
    "api/v1/": ("GET", "", (404, 404, 404, 404, 404, 404)),
    "api/v1/openapi.json": ("GET", "", PUBLIC),
    "api/v1/campaigns/": ("GET", "", PUBLIC),
    "api/v1/campaigns/<slug:slug>/": ("GET", "api_campaign", PUBLIC),
    "api/v1/exemplars/": ("GET", "", PUBLIC),
    "api/v1/exemplars/<int:id>/": ("GET", "api_exemplar", PUBLIC),
    "api/v1/decisions/": ("GET", "", PUBLIC),
    # Added with the privacy, notices and calendar pages (probed with MATRIX_PROBE=1, each
    # answer checked against the view's permission).
    "can-bo/ho-so/<int:pk>/anh/<str:size>/": ("GET", "photo", (302, 404, 404, 404, 404, 404)),
    "can-bo/ho-so/<int:pk>/cong-khai/xac-nhan/": (
        "POST",
        "submitted",
        (302, 302, 404, 302, 302, 302),
    ),
    "can-bo/ho-so/<int:pk>/cong-khai/duyet/": ("POST", "submitted", (302, 302, 404, 302, 302, 302)),
    "can-bo/ho-so/<int:pk>/dong-y/": ("GET", "submitted", (302, 200, 404, 200, 403, 403)),
    "can-bo/ho-so/<int:pk>/dong-y/rut/": ("POST", "submitted", (302, 302, 404, 302, 302, 302)),
    "can-bo/ho-so/<int:pk>/dong-y/<int:consent_pk>/ban-quet/": (
        "GET",
        "consent_scan",
        (302, 404, 404, 404, 404, 404),
    ),
    "hoi-dong/ho-so/<int:pk>/giay-khen/": ("POST", "in_review", (302, 403, 403, 302, 302, 302)),
    "thong-bao/": ("GET", "", (302, 200, 200, 200, 200, 200)),
    "thong-bao/<int:pk>/mo/": ("POST", "notice", (302, 404, 404, 404, 404, 404)),
    "thong-bao/da-doc/": ("POST", "", (302, 302, 302, 302, 302, 302)),
    "thong-bao/nhan-thu/": ("POST", "", (302, 302, 302, 302, 302, 302)),
    "thong-bao/huy-nhan/<str:token>/": ("GET", "unsubscribe", (400, 400, 400, 400, 400, 400)),
    "lich/phong-trao.ics": ("GET", "", (200, 200, 200, 200, 200, 200)),
    "lich/dat-lai/": ("POST", "", (302, 302, 302, 302, 302, 302)),
    "lich/<str:secret>.ics": ("GET", "calendar", (404, 404, 404, 404, 404, 404)),
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Seven accounts per test: PBKDF2 would make this file take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(
    db,
    settings,
    ward,
    other_ward,
    officer,
    other_officer,
    secretary,
    members,
    chairman,
    authority,
    base_salaries,
):
    """One object of each kind the URLs take as arguments, all owned by ``ward``."""
    settings.ALLOWED_HOSTS = ["testserver"]
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    draft = factories.NominationFactory(
        ward=ward, campaign=campaign, state="draft", created_by=officer
    )
    submitted = factories.NominationFactory(
        ward=ward,
        campaign=campaign,
        state="submitted",
        submitted_at=timezone.now(),
        created_by=officer,
    )
    Transition.objects.create(
        nomination=submitted,
        actor=officer,
        action="submit",
        from_state="draft",
        to_state="submitted",
    )
    in_review = factories.NominationFactory(
        ward=ward, campaign=campaign, state="in_review", submitted_at=timezone.now()
    )
    awarded = factories.NominationFactory(
        ward=ward,
        campaign=campaign,
        state="awarded",
        submitted_at=timezone.now(),
        awarded_on=timezone.localdate(),
    )
    evidence = Evidence(
        nomination=submitted,
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=officer,
    )
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 minh chung\n"), save=False)
    evidence.save()
    meeting = Meeting.objects.create(
        campaign=campaign, held_at=timezone.now(), place="Phòng họp số 1", created_by=secretary
    )
    batch = _batch(authority, officer, submitted)
    AgendaItem.objects.create(meeting=meeting, nomination=in_review, secret=False)
    draft_decision = Decision.objects.create(
        authority=authority, campaign=campaign, title="Dự thảo khen thưởng", created_by=secretary
    )
    issued = Decision.objects.create(
        authority=authority,
        campaign=campaign,
        title="Khen thưởng",
        state="issued",
        decided_on=timezone.localdate(),
        year=timezone.localdate().year,
        number=7,
        symbol="QĐ-UBND",
        created_by=secretary,
        issued_by=chairman,
        issued_at=timezone.now(),
    )
    award = Award.objects.create(
        decision=issued,
        nomination=awarded,
        coefficient="0.30",
        base_salary=2_340_000,
        amount=710_000,
    )
    suggestion = Suggestion.objects.create(
        ward=ward,
        nominee_name="Bà Lê Thị Hoa",
        deeds="Nấu cháo miễn phí cho người bệnh.",
        writer_name="Nguyễn Văn A",
        writer_contact="0912000000",
        ip_hash="x" * 64,
    )
    suggestion.photo.save("anh.jpg", ContentFile(_tiny_jpeg()), save=True)
    from nominations.public.services import exemplar_url

    return {
        "users": {
            "owner": officer,
            "other": other_officer,
            "secretary": secretary,
            "member": members[0],
            "chairman": chairman,
        },
        "draft": draft,
        "submitted": submitted,
        "in_review": in_review,
        "awarded": awarded,
        "evidence": evidence,
        "meeting": meeting,
        "batch": batch,
        "draft_decision": draft_decision,
        "issued": issued,
        "award": award,
        "suggestion": suggestion,
        "campaign": campaign,
        "exemplar_path": exemplar_url(awarded),
        "today": dt.date.today(),
    }


def _batch(authority, officer, nomination):
    """The ward's batch holding ``nomination``, with a stored (stand-in) tờ trình."""
    import hashlib

    from emulation import numbering
    from nominations.models import BatchItem, SubmissionBatch

    entry = numbering.register(
        authority=authority,
        doc_type="TTr",
        symbol="TTr-UBND",
        on=timezone.localdate(),
        unit=officer.ward,
    )
    batch = SubmissionBatch(
        ward=officer.ward,
        campaign=nomination.campaign,
        register_entry=entry,
        reference=entry.reference,
        dated=entry.registered_on,
        submitted_by=officer,
    )
    content = b"%PDF-1.4 to trinh\n"
    batch.pdf.save("to-trinh.pdf", ContentFile(content), save=False)
    batch.pdf_sha256 = hashlib.sha256(content).hexdigest()
    batch.save()
    BatchItem.objects.create(batch=batch, nomination=nomination, order=1)
    return batch


def _tiny_jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def path_for(route: str, key: str, world) -> str:
    """The concrete path of a route, with the fixture's objects as arguments."""
    if key == "exemplar":
        return world["exemplar_path"]
    if not key:
        return "/" + route  # literal route (two patterns may share a name, e.g. "login")
    resolver_match = {p: pattern for p, pattern in walk(get_resolver().url_patterns)}
    pattern = resolver_match[route]
    name = pattern.name
    kwargs = ARGS[key](world) if key else {}
    ns = _namespace_of(route)
    return reverse(f"{ns}:{name}" if ns else name, kwargs=kwargs)


def _namespace_of(route: str) -> str:
    if route.startswith("api/"):
        return "api"
    return "admin" if route.startswith(ADMIN_PREFIX) else ""


ARGS = {
    "draft": lambda w: {"pk": w["draft"].pk},
    "submitted": lambda w: {"pk": w["submitted"].pk},
    "in_review": lambda w: {"pk": w["in_review"].pk},
    "awarded": lambda w: {"pk": w["awarded"].pk},
    "evidence": lambda w: {"pk": w["submitted"].pk, "evidence_pk": w["evidence"].pk},
    "campaign_pk": lambda w: {"campaign_pk": w["campaign"].pk},
    "batch": lambda w: {"pk": w["batch"].pk},
    "campaign_slug": lambda w: {"slug": w["campaign"].slug},
    "meeting": lambda w: {"pk": w["meeting"].pk},
    "vote": lambda w: {"pk": w["meeting"].pk, "nomination_pk": w["in_review"].pk},
    "agenda_item": lambda w: {"pk": w["meeting"].pk, "item_pk": w["meeting"].items.get().pk},
    "draft_decision": lambda w: {"pk": w["draft_decision"].pk},
    "issued": lambda w: {"pk": w["issued"].pk},
    "award": lambda w: {"award_pk": w["award"].pk},
    "suggestion": lambda w: {"pk": w["suggestion"].pk},
    "token": lambda w: {"token": "khong-co-phien-nhap"},
    "code": lambda w: {"code": w["award"].verification_code},
    "reset": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "api_campaign": lambda w: {"slug": w["campaign"].slug},
    "api_exemplar": lambda w: {"id": w["awarded"].pk},
    "photo": lambda w: {"pk": w["submitted"].pk, "size": "thumb"},
    "consent_scan": lambda w: {"pk": w["submitted"].pk, "consent_pk": 999999},
    "notice": lambda w: {"pk": 999999},
    "unsubscribe": lambda w: {"token": "khong-hop-le"},
    "calendar": lambda w: {"secret": "khong-co-lich-nay"},
}


def request(client, world, role: str, method: str, path: str):
    client.logout()
    if role != "anonymous":
        client.force_login(world["users"][role])
    if method == "POST":
        return client.post(path, {"confirm": "yes"})  # confirmed: the act itself
    return client.get(path)


def test_every_url_pattern_is_in_the_matrix():
    routes = [
        r
        for r in project_routes()
        if not r.startswith(ADMIN_PREFIX) and not r.startswith("^media/")
    ]
    missing = sorted(set(routes) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(routes))
    assert missing == [], "URL patterns without a row in the authorization matrix"
    assert stale == [], "rows of the matrix for URL patterns that no longer exist"


# Cells where the app answers differently from the rule, reported to the page's owner. Strict:
# when the page is fixed, the xfail fails and the row below must be corrected.
KNOWN_DEVIATIONS: dict[str, str] = {}


def _params():
    for route in MATRIX:
        marks = []
        if route in KNOWN_DEVIATIONS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_DEVIATIONS[route]))
        yield pytest.param(route, id=route or "/", marks=marks)


@pytest.mark.parametrize("route", list(_params()))
def test_matrix(client, world, route):
    method, key, expected = MATRIX[route]
    path = path_for(route, key, world)
    answered = tuple(request(client, world, role, method, path).status_code for role in ROLES)
    if os.environ.get("MATRIX_PROBE"):
        print(f'    "{route}": ("{method}", "{key}", {answered}),')
        return
    assert dict(zip(ROLES, answered, strict=True)) == dict(zip(ROLES, expected, strict=True))


def _snapshot(world) -> dict:
    from nominations.models import Nomination

    states = dict(Nomination.objects.values_list("pk", "state"))
    return {
        "states": {k: states.get(world[k].pk) for k in ("draft", "submitted", "in_review")},
        "moves": Transition.objects.count(),
        "evidence": Evidence.objects.filter(pk=world["evidence"].pk).exists(),
        "decision": Decision.objects.filter(pk=world["draft_decision"].pk)
        .values_list("state", flat=True)
        .first(),
        "meeting": Meeting.objects.get(pk=world["meeting"].pk).state,
    }


# POSTs that answer a redirect with an error message instead of 403: nothing may change.
REFUSED_POSTS = (
    [("can-bo/ho-so/<int:pk>/nop/", role) for role in ("secretary", "member", "chairman")]
    + [("can-bo/ho-so/<int:pk>/rut/", role) for role in ("secretary", "member", "chairman")]
    + [
        ("can-bo/ho-so/<int:pk>/tai-lieu/<int:evidence_pk>/xoa/", role)
        for role in ("owner", "secretary", "member", "chairman")
    ]
    + [
        (route, role)
        for route in (
            "hoi-dong/ho-so/<int:pk>/tiep-nhan/",
            "hoi-dong/ho-so/<int:pk>/de-nghi/",
            "hoi-dong/cuoc-hop/<int:pk>/ket-thuc/",
            "hoi-dong/quyet-dinh/<int:pk>/sua/",
        )
        for role in ("member", "chairman")
    ]
    + [
        ("hoi-dong/quyet-dinh/<int:pk>/ban-hanh/", "secretary"),
        ("hoi-dong/quyet-dinh/<int:pk>/ban-hanh/", "member"),
    ]
    + [
        (route, role)
        for route in (
            "hoi-dong/quyet-dinh/<int:pk>/tra-lai/",
            "hoi-dong/quyet-dinh/<int:pk>/vao-so/",
            "hoi-dong/quyet-dinh/<int:pk>/ban-chup/",
            "hoi-dong/quyet-dinh/<int:pk>/phat-hanh/",
        )
        for role in ("secretary", "member", "chairman")
    ]
    + [("hoi-dong/quyet-dinh/<int:pk>/trinh-ky/", role) for role in ("member", "chairman")]
)


@pytest.mark.parametrize(("route", "role"), REFUSED_POSTS)
def test_refused_posts_change_nothing(client, world, route, role):
    method, key, _expected = MATRIX[route]
    before = _snapshot(world)
    response = request(client, world, role, method, path_for(route, key, world))
    assert response.status_code in (302, 403, 404)
    assert _snapshot(world) == before


def test_allowed_posts_do_change_state(client, world):
    """Control for the test above: the same empty POSTs by the right person do act."""
    submit = path_for("can-bo/ho-so/<int:pk>/nop/", "draft", world)
    accept = path_for("hoi-dong/ho-so/<int:pk>/tiep-nhan/", "submitted", world)
    assert request(client, world, "owner", "POST", submit).status_code == 302
    assert request(client, world, "secretary", "POST", accept).status_code == 302
    after = _snapshot(world)["states"]
    assert (after["draft"], after["submitted"]) == ("submitted", "in_review")


ADMIN_ALLOWED_FOR_NON_STAFF = {"login": 200}


def _admin_path(pattern, world) -> str:
    regex = pattern.pattern.regex
    values = {
        "object_id": "1",
        "id": "1",
        "pk": "1",
        "app_label": "nominations",
        "content_type_id": "1",
        "url": "khong-co-trang-nay",
    }
    kwargs = {name: values[name] for name in regex.groupindex}
    if pattern.name:
        return reverse(f"admin:{pattern.name}", kwargs=kwargs)
    return "/quan-tri/khong-co-trang-nay/"


def test_every_admin_url_refuses_everyone_but_the_administrator(client, world):
    """The Django admin: all its URLs send the six people of the matrix (none is staff) to the
    admin login; the administrator gets in."""
    admin_patterns = [
        (route, p)
        for route, p in walk(get_resolver().url_patterns)
        if route.startswith(ADMIN_PREFIX)
    ]
    assert len(admin_patterns) > 50
    login = reverse("admin:login")
    for role in ("anonymous", "owner", "secretary", "chairman"):
        for _route, pattern in admin_patterns:
            path = _admin_path(pattern, world)
            response = request(client, world, role, "GET", path)
            expected = ADMIN_ALLOWED_FOR_NON_STAFF.get(pattern.name, 302)
            assert response.status_code == expected, (role, path)
            if pattern.name == "logout":  # the admin sends non-staff to its index, then login
                assert response["Location"] == reverse("admin:index")
            elif expected == 302:
                assert response["Location"].startswith(login), (role, path)
    administrator = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:nominations_nomination_changelist")).status_code == 200
