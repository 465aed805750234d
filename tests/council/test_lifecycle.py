"""Issue #12, items 2–4: the decision's life at the office.

draft → trình ký → signed (digitally, on paper, or unsigned for the demo) → registered (number
and date from the authority's register; the seal signature prints them) → published. Each step
records who and when; every refusal is a message and leaves nothing half-done.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from emulation.models import RegisterCounter, RegisterEntry
from nominations.decisions import services as decisions
from nominations.files import signing
from nominations.models import Decision
from nominations.workflow import WorkflowError
from tests import factories
from tests.council.test_digital_signature import _private_files, _text
from tests.signing_ca import CHAIRMAN, PASSWORD

pytestmark = pytest.mark.django_db

SIGNED_DAY = dt.date(2026, 1, 5)
AUTHORITY = "Ủy ban nhân dân quận Đống Đa"  # AuthorityFactory's name


@pytest.fixture
def deputy(db):
    return factories.UserFactory(
        username="phochutich", role="deputy", full_name="Nguyễn Thanh Bình"
    )


@pytest.fixture
def seal_p12(ca, authority):
    return ca.p12(authority.name)


@pytest.fixture
def draft(secretary, make_nomination, base_salaries, campaign, authority):
    tinh = make_nomination("recommended", name="Nguyễn Đình Tính", nominee__gender="male")
    return decisions.draft(secretary, [tinh], campaign=campaign)


def _sign(draft, secretary, chairman, **kwargs):
    decisions.submit(draft, secretary)
    return decisions.sign(draft, chairman, today=SIGNED_DAY, **kwargs)


def test_digital_walk_numbers_05_and_both_signatures_validate(
    draft, secretary, chairman, chairman_p12, seal_p12, trusted, authority
):
    RegisterCounter.objects.create(authority=authority, year=2026, doc_type="QĐ", last_number=4)
    signed = _sign(draft, secretary, chairman, certificate=chairman_p12, password=PASSWORD)
    assert (signed.state, signed.number, signed.issued_by, signed.signer_name) == (
        "signed",
        None,
        chairman,
        CHAIRMAN,
    )
    unnumbered = decisions.issued_pdf(signed)
    assert "Số: /QĐ-UBND" in _text(unnumbered)
    nomination = draft.awards.get().nomination
    nomination.refresh_from_db()
    assert nomination.state == "recommended"  # awarded only at publication

    registered = decisions.register(
        signed, secretary, SIGNED_DAY, certificate=seal_p12, password=PASSWORD
    )
    assert (registered.state, registered.reference, registered.decided_on) == (
        "registered",
        "05/QĐ-UBND",
        SIGNED_DAY,
    )
    assert registered.register_entry == RegisterEntry.objects.get(number=5)
    assert registered.registered_by == secretary
    stored = decisions.issued_pdf(registered)
    assert stored.startswith(unnumbered)  # an incremental update: the signer's file intact
    report = signing.validate_pdf(stored)
    assert (report.valid, report.problem) == (True, "")
    assert [(s.signer, s.valid) for s in report.signatures] == [
        (CHAIRMAN, True),
        (authority.name, True),
    ]
    # The seal's field over the number on page 1; the chairman's above his printed name,
    # wherever the signer block falls (the decision's layout may carry it to page 2).
    pages = PdfReader(io.BytesIO(stored)).pages
    fields = {
        w["/T"]: index
        for index, page in enumerate(pages)
        for w in (a.get_object() for a in page.get("/Annots", []))
        if w.get("/FT") == "/Sig"
    }
    assert len(fields) == 2 and fields["DauCoQuan"] == 0

    published = decisions.publish(registered, secretary)
    nomination.refresh_from_db()
    assert (published.state, published.published_by, nomination.state) == (
        "issued",
        secretary,
        "awarded",
    )
    assert published.get_state_display() == "Đã phát hành"


def test_tampering_after_the_seal_fails(
    draft, secretary, chairman, chairman_p12, seal_p12, trusted
):
    from pypdf import PdfWriter

    decision = decisions.issue(
        draft,
        chairman,
        today=SIGNED_DAY,
        certificate=chairman_p12,
        password=PASSWORD,
        seal=seal_p12,
        seal_password=PASSWORD,
    )
    stored = decisions.issued_pdf(decision)
    writer = PdfWriter(io.BytesIO(stored), incremental=True)
    writer.pages[0].merge_page(writer.pages[-1])
    buffer = io.BytesIO()
    writer.write(buffer)
    report = signing.validate_pdf(buffer.getvalue())
    assert (report.valid, report.status) == (False, "invalid")
    at = stored.index(b"stream") + 40
    flipped = stored[:at] + bytes([stored[at] ^ 0x01]) + stored[at + 1 :]
    assert signing.validate_pdf(flipped).status == "invalid"


def test_unsigned_path_renders_the_numbered_pdf_at_registration(draft, secretary, chairman):
    signed = _sign(draft, secretary, chairman)
    assert not signed.pdf
    with pytest.raises(ValueError):
        decisions.issued_pdf(signed)
    registered = decisions.register(signed, secretary, SIGNED_DAY)
    text = _text(decisions.issued_pdf(registered))
    assert "Số: 01/QĐ-UBND" in text
    assert "ngày 05 tháng 01 năm 2026" in text
    assert decisions.signature_report(registered) is None


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (620, 877), "white").save(out, "JPEG")
    return out.getvalue()


def test_paper_path_needs_the_scan_before_publication(draft, secretary, chairman, settings):
    signed = _sign(draft, secretary, chairman, on_paper=True)
    assert signed.signed_on_paper and not signed.pdf
    registered = decisions.register(signed, secretary, SIGNED_DAY, number=7)
    assert registered.reference == "07/QĐ-UBND"
    assert RegisterEntry.objects.get().entered_by_hand is True
    with pytest.raises(WorkflowError) as err:
        decisions.publish(registered, secretary)
    assert err.value.message == (
        "Chưa có tệp quyết định đã ký, đóng dấu: tải lên bản chụp quyết định giấy trước khi "
        "phát hành."
    )
    with pytest.raises(WorkflowError) as err:
        decisions.attach_scan(
            registered, secretary, SimpleUploadedFile("scan.txt", b"khong phai tep pdf")
        )
    assert err.value.message == "Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."
    assert not Decision.objects.get(pk=draft.pk).pdf
    scanned = decisions.attach_scan(
        registered, secretary, SimpleUploadedFile("scan.jpg", _jpeg(), "image/jpeg")
    )
    data = decisions.issued_pdf(scanned)
    assert data.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert decisions.publish(scanned, secretary).state == "issued"


def test_refusals_in_order(draft, secretary, chairman, deputy):
    with pytest.raises(WorkflowError) as err:
        decisions.sign(draft, chairman, today=SIGNED_DAY)
    assert err.value.message == "Dự thảo chưa được trình ký: thư ký Hội đồng trình ký trước."
    with pytest.raises(WorkflowError) as err:
        decisions.submit(draft, chairman)
    assert err.value.message == "Chỉ thư ký Hội đồng được trình ký quyết định."
    decisions.submit(draft, secretary)
    with pytest.raises(WorkflowError) as err:
        decisions.send_back(draft, deputy, "  ")
    assert err.value.message == "Cần ghi rõ lý do trả lại dự thảo."
    back = decisions.send_back(draft, deputy, "Sửa trích yếu")
    assert (back.state, back.returned_reason) == ("draft", "Sửa trích yếu")
    decisions.submit(draft, secretary)
    with pytest.raises(WorkflowError) as err:
        decisions.register(draft, secretary, SIGNED_DAY)
    assert err.value.message == "Quyết định chưa được ký: chỉ vào sổ văn bản đã ký."
    signed = decisions.sign(draft, chairman, today=SIGNED_DAY)
    with pytest.raises(WorkflowError) as err:
        decisions.sign(draft, deputy, today=SIGNED_DAY)
    assert err.value.message == "Quyết định này đã được ký, không thể ký lại."
    with pytest.raises(WorkflowError) as err:
        decisions.publish(signed, secretary)
    assert err.value.message == "Quyết định chưa được vào sổ (chưa có số và ngày): vào sổ trước."
    with pytest.raises(WorkflowError) as err:
        decisions.register(signed, chairman, SIGNED_DAY)
    assert err.value.message == "Chỉ thư ký Hội đồng (văn thư) được vào sổ quyết định."
    with pytest.raises(Exception) as frozen:
        Decision.objects.get(pk=draft.pk).save()
    assert frozen.value.messages == ["Quyết định đã ký, không thể sửa đổi."]


def test_a_number_taken_is_refused_and_nothing_registered(draft, secretary, chairman, authority):
    from emulation import numbering

    numbering.register(authority=authority, doc_type="QĐ", symbol="QĐ-UBND", on=SIGNED_DAY)
    signed = _sign(draft, secretary, chairman)
    with pytest.raises(decisions.NumberRefused) as err:
        decisions.register(signed, secretary, SIGNED_DAY, number=1)
    assert err.value.message == "Số 01/QĐ-UBND năm 2026 đã được vào sổ ngày 05/01/2026."
    decision = Decision.objects.get(pk=draft.pk)
    assert (decision.state, decision.number, RegisterEntry.objects.count()) == ("signed", None, 1)


def test_wrong_seal_refused_and_no_file_left(
    draft, secretary, chairman, chairman_p12, ca, trusted, settings
):
    signed = _sign(draft, secretary, chairman, certificate=chairman_p12, password=PASSWORD)
    files = _private_files(settings)
    with pytest.raises(decisions.SigningRefused) as err:
        decisions.register(signed, secretary, SIGNED_DAY)
    assert err.value.message.startswith("Quyết định đã được ký số: chọn tệp chứng thư số")
    with pytest.raises(decisions.SigningRefused) as err:
        decisions.register(
            signed, secretary, SIGNED_DAY, certificate=ca.p12("Công ty X"), password=PASSWORD
        )
    assert err.value.message == (
        "Chứng thư số cấp cho “Công ty X”, không phải cơ quan ban hành "
        f"“{signed.authority_name}”. Dùng chứng thư số của cơ quan."
    )
    with pytest.raises(decisions.SigningRefused) as err:
        decisions.register(
            signed, secretary, SIGNED_DAY, certificate=ca.p12(signed.authority_name), password="x"
        )
    assert err.value.message == "Mật khẩu của tệp chứng thư số không đúng."
    decision = Decision.objects.get(pk=draft.pk)
    assert (decision.state, decision.number, RegisterEntry.objects.count()) == ("signed", None, 0)
    assert _private_files(settings) == files


# --------------------------------------------------------------------------- the pages


def test_send_back_through_the_page_needs_a_reason(client, draft, secretary, chairman):

    decisions.submit(draft, secretary)
    client.force_login(chairman)
    detail = client.get(reverse("decision-detail", args=[draft.pk])).content.decode()
    assert 'data-testid="return-form"' in detail
    url = reverse("decision-return", args=[draft.pk])
    response = client.post(url, {"reason": "   "}, follow=True)
    assert "Cần ghi rõ lý do trả lại dự thảo." in response.content.decode()
    assert Decision.objects.get(pk=draft.pk).state == "submitted"
    response = client.post(url, {"reason": "Bổ sung căn cứ"}, follow=True)
    page = response.content.decode()
    assert "Đã trả lại dự thảo cho thư ký Hội đồng." in page
    assert "Trả lại dự thảo: Bổ sung căn cứ" in page
    assert Decision.objects.get(pk=draft.pk).state == "draft"


def test_paper_and_certificate_together_refused_on_the_page(
    client, draft, secretary, chairman, chairman_p12
):

    decisions.submit(draft, secretary)
    client.force_login(chairman)
    upload = SimpleUploadedFile("chu-tich.p12", chairman_p12, "application/x-pkcs12")
    response = client.post(
        reverse("decision-issue", args=[draft.pk]),
        {"confirm": "yes", "on_paper": "yes", "certificate": upload, "password": PASSWORD},
    )
    assert (
        "Chọn một cách ký: ký số bằng chứng thư số hoặc ký trên giấy, không cả hai."
        in response.content.decode()
    )
    assert Decision.objects.get(pk=draft.pk).state == "submitted"
    response = client.post(
        reverse("decision-issue", args=[draft.pk]), {"confirm": "yes", "on_paper": "yes"}
    )
    decision = Decision.objects.get(pk=draft.pk)
    assert (decision.state, decision.signed_on_paper, decision.pdf.name) == ("signed", True, "")
    pdf = client.get(reverse("decision-pdf", args=[draft.pk]))
    assert "Số: /QĐ-UBND" in _text(pdf.content)  # the copy to sign by hand, unnumbered


def test_scan_through_the_page_then_publish(client, draft, secretary, chairman):

    decisions.register(_sign(draft, secretary, chairman, on_paper=True), secretary, SIGNED_DAY)
    client.force_login(secretary)
    detail = client.get(reverse("decision-detail", args=[draft.pk])).content.decode()
    assert "Chưa có bản chụp quyết định giấy đã ký, đóng dấu: chưa phát hành được." in detail
    url = reverse("decision-scan", args=[draft.pk])
    response = client.post(
        url, {"scan": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 hong")}, follow=True
    )
    assert Decision.objects.get(pk=draft.pk).pdf.name == ""
    assert "alert-danger" in response.content.decode()
    response = client.post(
        reverse("decision-publish", args=[draft.pk]), {"confirm": "yes"}, follow=True
    )
    assert (
        "Chưa có tệp quyết định đã ký, đóng dấu: tải lên bản chụp quyết định giấy trước khi "
        "phát hành." in response.content.decode()
    )
    response = client.post(
        url, {"scan": SimpleUploadedFile("scan.png", _png(), "image/png")}, follow=True
    )
    assert "Đã lưu bản chụp quyết định; có thể phát hành." in response.content.decode()
    client.post(reverse("decision-publish", args=[draft.pk]), {"confirm": "yes"})
    assert Decision.objects.get(pk=draft.pk).state == "issued"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (877, 620), "white").save(out, "PNG")
    return out.getvalue()


def test_register_page_lists_the_year_in_constant_queries(
    client,
    secretary,
    chairman,
    officer,
    authority,
    make_nomination,
    campaign,
    base_salaries,
    django_assert_max_num_queries,
):

    for _ in range(3):
        d = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
        decisions.issue(d, chairman, today=SIGNED_DAY)
    client.force_login(secretary)
    url = reverse("register-list") + "?nam=2026"
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count('data-testid="register-row"') == 3
    assert "03/QĐ-UBND" in page and "01/QĐ-UBND" in page
    assert "Sổ đăng ký văn bản đi năm 2026" in page
    client.force_login(officer)
    assert client.get(url).status_code == 403


# --------------------------------------------------------------------------- data migration


def test_the_migration_registers_decisions_issued_before(authority, chairman, secretary):
    """Decisions issued before the register get their line (number, date, title, signer) and
    the register's counter starts where DecisionCounter stopped."""
    import importlib

    from django.apps import apps

    from nominations.models import DecisionCounter

    old = factories.DecisionFactory(
        authority=authority,
        issued=True,
        number=12,
        signer_name=CHAIRMAN,
        issued_at=timezone.now(),
        issued_by=chairman,
    )
    DecisionCounter.objects.create(authority=authority, year=2026, last_number=14)
    factories.DecisionFactory(authority=authority)  # a draft: not registered
    migration = importlib.import_module("nominations.migrations.0018_register_issued_decisions")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: nothing more
    entry = RegisterEntry.objects.get()
    assert (entry.reference, entry.registered_on, entry.subject, entry.signer_name) == (
        "12/QĐ-UBND",
        old.decided_on,
        old.title,
        CHAIRMAN,
    )
    decision = Decision.objects.get(pk=old.pk)
    assert (decision.register_entry, decision.published_at) == (entry, old.issued_at)
    assert RegisterCounter.objects.get(year=2026).last_number == 14
    from emulation import numbering

    assert numbering.next_number(authority, "QĐ", 2026) == 15
