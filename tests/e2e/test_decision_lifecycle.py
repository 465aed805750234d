"""The decision's life in a real browser (issue #12, items 2–4 and 6).

The secretary drafts and submits (trình ký); the chairman, asked for his second factor, signs
with his certificate; the secretary (văn thư) registers it with the authority's seal, which
prints number 05/QĐ-UBND (four decisions were registered earlier this year, one last year) and
the date; she publishes it; the certificate is verified with a valid signature. A copy of the
file tampered with on disk then fails the same verification.
"""

from __future__ import annotations

import io
import re

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from emulation import numbering
from nominations.files import signing
from nominations.models import Decision
from nominations.models.storage import private_storage
from tests import factories
from tests.factories import PASSWORD as LOGIN_PASSWORD
from tests.signing_ca import CHAIRMAN, PASSWORD, make_ca
from tests.two_factor import browser_sign_in, code_for, device_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


def _sign_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(LOGIN_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_draft_to_published_with_two_signatures_then_tampering_fails(
    page, live_server, settings, tmp_path, authority, base_salaries, secretary, chairman, ward
):
    ca = make_ca()
    root = tmp_path / "ca.pem"
    root.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_TRUST_ROOTS = [str(root)]
    settings.SIGNING_TSA_URL = ""
    cache.clear()
    (tmp_path / "chu-tich.p12").write_bytes(ca.p12(CHAIRMAN))
    (tmp_path / "co-quan.p12").write_bytes(ca.p12(authority.name))
    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1, day=min(today.day, 28))
    with transaction.atomic():  # numbers are taken inside a transaction, as the app does
        numbering.register(
            authority=authority, doc_type="QĐ", symbol="QĐ-UBND", on=last_year, number=37
        )
        for _ in range(4):
            numbering.register(authority=authority, doc_type="QĐ", symbol="QĐ-UBND", on=today)
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt")
    nom = factories.NominationFactory(
        ward=ward,
        campaign=campaign,
        state="recommended",
        nominee__full_name="Nguyễn Thu Hà",
        consent_public=True,
        submitted_at="2026-11-20T09:00+07:00",
    )
    device_for(chairman)  # an enrolled chairman: asked for his code at every sign-in
    base = live_server.url
    day = today.strftime("%d/%m/%Y")

    # Draft, then trình ký (asks first).
    browser_sign_in(page, base, "thuky")
    page.goto(f"{base}/hoi-dong/quyet-dinh/")
    page.get_by_test_id("draft-campaign").click()
    page.get_by_test_id("create-draft").click()
    expect(page.get_by_test_id("decision-state")).to_have_text("Dự thảo")
    decision_url = page.url
    page.get_by_test_id("submit").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-state")).to_have_text("Trình ký")

    # The chairman: the password alone does not open the council; the code does.
    _sign_in(page, base, "chutich")
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/"))
    page.goto(decision_url)
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc/"))
    page.get_by_test_id("totp-form").locator("input[name=code]").fill(code_for(chairman))
    page.get_by_test_id("totp-form").get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    page.goto(decision_url)
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("Số và ngày của quyết định")
    # A wrong password first: refused, nothing signed.
    page.get_by_test_id("certificate").set_input_files(str(tmp_path / "chu-tich.p12"))
    page.get_by_test_id("certificate-password").fill("sai mật khẩu")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("refusal")).to_have_text("Mật khẩu của tệp chứng thư số không đúng.")
    page.get_by_test_id("certificate").set_input_files(str(tmp_path / "chu-tich.p12"))
    page.get_by_test_id("certificate-password").fill(PASSWORD)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-state")).to_have_text("Đã ký")
    expect(page.get_by_test_id("signature-signer")).to_have_text(CHAIRMAN)

    # The văn thư registers it: the page names the number before taking it.
    page.context.clear_cookies()
    browser_sign_in(page, base, "thuky")
    page.goto(decision_url)
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("consequences")).to_contain_text(
        f"Vào sổ sẽ lấy số 05/QĐ-UBND ngày {day}."
    )
    page.get_by_test_id("certificate").set_input_files(str(tmp_path / "co-quan.p12"))
    page.get_by_test_id("certificate-password").fill(PASSWORD)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-title")).to_have_text("Quyết định số 05/QĐ-UBND")
    expect(page.get_by_test_id("decision-state")).to_have_text("Đã vào sổ")
    expect(page.get_by_test_id("signature-seal")).to_contain_text(authority.name)
    expect(page.get_by_test_id("digital-signature")).to_contain_text("Chữ ký số hợp lệ")
    decision = Decision.objects.get()
    with private_storage.open(decision.pdf.name, "rb") as handle:
        stored = handle.read()
    # The page's own text keeps the blank the chairman signed; the seal's appearance (a
    # widget over it) prints the number: two signature fields, the signer's then the seal.
    # The seal sits on page 1 (the "Số:" and date lines); the signer's field on the page of
    # his printed name, which the clerk's layout (place line, Điều 1–3, TM. UBND) may push
    # to page 2.
    reader = PdfReader(io.BytesIO(stored))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "/QĐ-UBND" in text and "Số: 05/QĐ-UBND" not in text
    signed_order = [
        f.get_object().get("/T")
        for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]
        if f.get_object().get("/FT") == "/Sig"
    ]
    assert signed_order == [signing.FIELD_NAME, signing.SEAL_FIELD_NAME]
    on_page = {
        a.get_object().get("/T"): index
        for index, p in enumerate(reader.pages)
        for a in p.get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    }
    assert on_page[signing.SEAL_FIELD_NAME] == 0
    assert CHAIRMAN in reader.pages[on_page[signing.FIELD_NAME]].extract_text()

    # Not public before publication.
    code = nom.awards.get().verification_code
    page.goto(f"{base}/xac-minh/{code}/")
    expect(page.get_by_test_id("verify-result")).to_have_text(
        re.compile("Giấy khen với mã này không tồn tại.")
    )

    # Published (asks first, naming how many go public).
    page.goto(decision_url)
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("Phát hành sẽ công khai 1 gương")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("decision-state")).to_have_text("Đã phát hành")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    # The resident verifies the certificate: valid, signed by the chairman, sealed.
    page.context.clear_cookies()
    page.goto(f"{base}/xac-minh/{code}/")
    expect(page.get_by_test_id("verify-result")).to_have_text(re.compile("Giấy khen hợp lệ."))
    expect(page.get_by_test_id("verify-decision")).to_contain_text(f"Số 05/QĐ-UBND ngày {day}")
    expect(page.get_by_test_id("digital-signature")).to_contain_text("Chữ ký số hợp lệ")
    expect(page.get_by_test_id("signature-signer")).to_have_text(CHAIRMAN)
    expect(page.get_by_test_id("signature-sha256")).to_have_text(decision.pdf_sha256)

    # A tampered copy (a byte changed inside the signed range) fails the same check.
    at = stored.index(b"stream") + 40
    tampered = stored[:at] + bytes([stored[at] ^ 0x01]) + stored[at + 1 :]
    with open(private_storage.path(decision.pdf.name), "wb") as handle:
        handle.write(tampered)
    page.reload()
    expect(page.get_by_test_id("digital-signature")).to_contain_text("Chữ ký số không hợp lệ")
    expect(page.get_by_test_id("digital-signature")).to_contain_text(
        "Nội dung tệp đã bị thay đổi sau khi ký"
    )
