"""Public-site fixtures: exemplars that are really awarded (an issued decision, an Award)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nominations import consent as publication
from nominations.decisions import services as decisions
from nominations.files import images
from nominations.models import Award, Decision, DecisionState
from tests import factories


def photo_upload(name: str = "chan-dung.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 750), (165, 14, 37)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


_numbers = iter(range(100, 100_000))


def issue_decision(authority, nominations, day=dt.date(2026, 10, 15)) -> Decision:
    decision = Decision.objects.create(
        authority=authority,
        title="Về việc khen thưởng",
        state=DecisionState.ISSUED,
        decided_on=day,
        year=day.year,
        number=next(_numbers),
        symbol="QĐ-UBND",
        signer_title="Chủ tịch",
        signer_name="Lê Tuấn Định",
        authority_name=authority.name,
        authority_place=authority.place,
    )
    for number, nomination in enumerate(nominations, start=1):
        award = Award(decision=decision, nomination=nomination, amount=710_000)
        decisions.fill_award(award)  # the frozen copy, as issue() leaves it
        award.list_number = number
        award.save()
    return decision


@pytest.fixture
def make_exemplar(authority):
    """An awarded, consenting nomination with an issued decision (state set directly: the
    workflow's path to "awarded" belongs to the council tests)."""

    def _make(
        full_name="Ngô Thanh Thủy",
        ward=None,
        state="awarded",
        consent=True,
        photo=False,
        decision=True,
        awarded_on=dt.date(2026, 10, 15),
        **extra,
    ):
        ward = ward or factories.WardFactory(name="Phương Mai", code="DD12")
        nominee_fields = {k[8:]: extra.pop(k) for k in list(extra) if k.startswith("nominee_")}
        nominee = factories.NomineeFactory(ward=ward, full_name=full_name, **nominee_fields)
        nomination = factories.NominationFactory(
            ward=ward,
            nominee=nominee,
            state=state,
            consent_public=consent,
            awarded_on=awarded_on if state in ("awarded", "revoked") else None,
            **extra,
        )
        if photo:
            images.attach_photo(nomination, photo_upload())
            nomination.save()
            publication.sync_public_photo(nomination.pk)  # done on commit in the application
            nomination.refresh_from_db()
        if decision and state in ("awarded", "revoked"):
            issue_decision(authority, [nomination], day=awarded_on)
        return nomination

    return _make


@pytest.fixture
def public_site(make_exemplar):
    """A small, realistic public site: the URLs of the pages the judges (axe, vnu) check."""
    from nominations.public.services import exemplar_url

    cat_linh = factories.WardFactory(name="Cát Linh", code="DD01")
    phuong_mai = factories.WardFactory(name="Phương Mai", code="DD12")
    campaign = factories.CampaignFactory(
        name="Người tốt, việc tốt",
        summary="Tôn vinh người tốt, việc tốt.",
        description="Phong trào của quận.",
        criteria="Có việc làm tốt được cộng đồng ghi nhận.",
    )
    first = make_exemplar(
        "Nguyễn Đình Tính",
        ward=cat_linh,
        campaign=campaign,
        photo=True,
        featured=True,
        nominee_position="Bí thư Chi bộ",
        story="Hơn ba mươi năm gắn bó với khu dân cư.\nKiên trì vận động.",
    )
    make_exemplar("Trần Thị Lành", ward=cat_linh, photo=True)
    make_exemplar("Ngô Thanh Thủy", ward=phuong_mai, campaign=campaign)
    return {
        "home": "/",
        "gallery": "/guong-sang/?q=nguyen&phuong=cat-linh",
        "exemplar": exemplar_url(first),
        "campaigns": "/phong-trao/",
        "campaign": f"/phong-trao/{campaign.slug}/",
        "suggest": "/gioi-thieu-nguoi-tot/",
        "thanks": "/gioi-thieu-nguoi-tot/cam-on/",
        "open_data": "/du-lieu-mo/",
    }


@pytest.fixture
def served_static(settings):
    """Browser tests need the CSS: live_server serves /static/ from the finders, which do not
    know the manifest's hashed names (every stylesheet 404s). Plain names while it runs."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
