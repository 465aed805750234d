"""Public-site fixtures: exemplars that are really awarded (an issued decision, an Award)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nominations import images
from nominations.models import Award, Decision, DecisionState
from tests import factories


def photo_upload(name: str = "chan-dung.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 750), (165, 14, 37)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


_numbers = iter(range(100, 100_000))


def issue_decision(authority, nominations, day=dt.date(2026, 10, 15)) -> Decision:
    decision = Decision.objects.create(
        authority=authority, title="Về việc khen thưởng", state=DecisionState.ISSUED,
        decided_on=day, year=day.year, number=next(_numbers), symbol="QĐ-UBND",
        signer_title="Chủ tịch", signer_name="Lê Tuấn Định")
    for nomination in nominations:
        Award.objects.create(decision=decision, nomination=nomination, amount=710_000)
    return decision


@pytest.fixture
def make_exemplar(authority):
    """An awarded, consenting nomination with an issued decision (state set directly: the
    workflow's path to "awarded" belongs to the council tests)."""

    def _make(full_name="Ngô Thanh Thủy", ward=None, state="awarded", consent=True,
              photo=False, decision=True, awarded_on=dt.date(2026, 10, 15), **extra):
        ward = ward or factories.WardFactory(name="Phương Mai", code="DD12")
        nominee_fields = {k[8:]: extra.pop(k) for k in list(extra) if k.startswith("nominee_")}
        nominee = factories.NomineeFactory(ward=ward, full_name=full_name, **nominee_fields)
        nomination = factories.NominationFactory(
            ward=ward, nominee=nominee, state=state, consent_public=consent,
            awarded_on=awarded_on if state in ("awarded", "revoked") else None, **extra)
        if photo:
            images.attach_photo(nomination, photo_upload())
            nomination.save()
        if decision and state in ("awarded", "revoked"):
            issue_decision(authority, [nomination], day=awarded_on)
        return nomination

    return _make
