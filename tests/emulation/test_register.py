"""The register of outgoing documents (sổ đăng ký văn bản đi): one per issuer, year and type."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from emulation import numbering
from emulation.models import DocumentType, RegisterCounter, RegisterEntry
from tests import factories

DAY = dt.date(2026, 1, 5)


def _take(authority, doc_type=DocumentType.DECISION, symbol="QĐ-UBND", on=DAY, **kw):
    with transaction.atomic():
        return numbering.register(
            authority=authority, doc_type=doc_type, symbol=symbol, on=on, **kw
        )


@pytest.mark.django_db
def test_a_fresh_year_starts_at_01_and_each_type_has_its_own_sequence(authority, secretary):
    first = _take(authority, by=secretary, subject="Về việc tặng Giấy khen", signer_name="Lê Văn A")
    second = _take(authority)
    letter = _take(authority, doc_type=DocumentType.SUBMISSION, symbol="TTr-UBND")
    minutes = _take(authority, doc_type=DocumentType.MINUTES, symbol="BB-HĐTĐKT")

    assert [first.reference, second.reference] == ["01/QĐ-UBND", "02/QĐ-UBND"]
    assert letter.reference == "01/TTr-UBND"
    assert minutes.reference == "01/BB-HĐTĐKT"
    assert (first.registered_by, first.subject, first.signer_name, first.year) == (
        secretary,
        "Về việc tặng Giấy khen",
        "Lê Văn A",
        2026,
    )
    assert str(first) == "01/QĐ-UBND (05/01/2026)"


@pytest.mark.django_db
def test_numbering_restarts_on_the_first_of_january(authority):
    _take(authority, on=dt.date(2026, 12, 31))
    _take(authority, on=dt.date(2026, 12, 31))
    assert _take(authority, on=dt.date(2027, 1, 1)).reference == "01/QĐ-UBND"


@pytest.mark.django_db
def test_a_unit_has_its_own_register_beside_the_authority(authority):
    ward = factories.WardFactory(name="Cát Linh", code="DD01")
    other = factories.WardFactory(name="Thịnh Quang", code="DD15")
    authority_letter = _take(authority, doc_type=DocumentType.SUBMISSION, symbol="TTr-UBND")
    ward_letter = _take(authority, doc_type=DocumentType.SUBMISSION, symbol="TTr-UBND", unit=ward)
    other_letter = _take(authority, doc_type=DocumentType.SUBMISSION, symbol="TTr-UBND", unit=other)
    again = _take(authority, doc_type=DocumentType.SUBMISSION, symbol="TTr-UBND", unit=ward)

    assert [e.number for e in (authority_letter, ward_letter, other_letter, again)] == [1, 1, 1, 2]


@pytest.mark.django_db
def test_a_number_entered_by_the_van_thu_is_checked_free_and_skipped_later(authority):
    by_hand = _take(authority, number=5)
    assert (by_hand.reference, by_hand.entered_by_hand) == ("05/QĐ-UBND", True)

    with pytest.raises(numbering.NumberTaken) as refused:
        _take(authority, number=5)
    assert refused.value.messages == ["Số 05/QĐ-UBND năm 2026 đã được vào sổ ngày 05/01/2026."]
    assert RegisterEntry.objects.count() == 1

    assert _take(authority).number == 6  # the app continues after the highest number
    _take(authority, number=3)  # a gap filled by hand
    assert numbering.next_number(authority, DocumentType.DECISION, 2026) == 7
    assert _take(authority).number == 7


@pytest.mark.django_db
def test_a_number_below_one_is_refused(authority):
    with pytest.raises(ValueError, match="starts at 1"):
        _take(authority, number=0)
    assert RegisterEntry.objects.count() == 0


@pytest.mark.django_db
def test_next_number_does_not_hold_a_number(authority):
    assert numbering.next_number(authority, DocumentType.DECISION, 2026) == 1
    assert numbering.next_number(authority, DocumentType.DECISION, 2026) == 1
    assert RegisterCounter.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_twenty_clerks_registering_at_once_get_consecutive_numbers(authority):
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(20)
    numbers, errors = [], []

    def clerk():
        try:
            barrier.wait(timeout=30)
            numbers.append(_take(authority).number)
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(numbers) == list(range(1, 21))
    assert RegisterCounter.objects.get().last_number == 20


@pytest.mark.django_db
def test_the_register_is_read_only_in_the_admin(client, authority):
    admin = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    entry = _take(authority)
    client.force_login(admin)

    listing = client.get("/quan-tri/emulation/registerentry/")
    assert listing.status_code == 200
    assert "01/QĐ-UBND" in listing.content.decode()
    assert client.get("/quan-tri/emulation/registerentry/add/").status_code == 403
    page = client.get(f"/quan-tri/emulation/registerentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
