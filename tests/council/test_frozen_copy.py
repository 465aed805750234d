"""Issue #12, item 1 "Frozen at signature": an issued decision, its annex, certificates,
verification page and exports print the copy made when the chairman signed, whatever is later
done to the nominee, the dossier, the ward, the award kind, the campaign or the authority.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import importlib
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns.models import AwardKind, Campaign
from emulation.models import Authority, RegisterCounter, Ward
from nominations.decisions import services as decisions
from nominations.models import Award, Decision, Nomination, Nominee
from nominations.models.storage import private_storage
from nominations.public.services import exemplar_url
from tests import factories
from tests.nominations.conftest import form_data

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 26)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _between(html: str, start: str, end: str) -> str:
    """The part of ``html`` from the first ``start`` to the next ``end`` (both included)."""
    begin = html.index(start)
    return html[begin : html.index(end, begin) + len(end)]


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def tinh(make_nomination, ward):
    """Nguyễn Đình Tính, Cát Linh: 33 years of community work (the seed story)."""
    return make_nomination(
        "recommended",
        name="Nguyễn Đình Tính",
        nominee__birth_year=1950,
        nominee__gender="male",
        nominee__position="Bí thư chi bộ",
        nominee__workplace="Tổ dân phố số 10",
        public_summary="Ba mươi ba năm làm công tác mặt trận ở khu dân cư.",
    )


@pytest.fixture
def mai(make_nomination, ward):
    return make_nomination(
        "recommended",
        name="Đoàn Thị Mai",
        nominee__gender="female",
        nominee__position="Phó Bí thư chi bộ",
        nominee__workplace="Khu dân cư số 12",
    )


@pytest.fixture
def issued(secretary, chairman, campaign, authority, base_salaries, tinh, mai):
    RegisterCounter.objects.create(doc_type="QĐ", authority=authority, year=2026, last_number=124)
    draft = decisions.draft(secretary, [tinh, mai], campaign=campaign)
    return decisions.issue(draft, chairman, today=DAY)


def _documents(client, secretary, admin_user, decision: Decision) -> dict[str, object]:
    """Everything the issued decision shows, as a reader gets it."""
    award = Award.objects.get(decision=decision, awardee_name="Nguyễn Đình Tính")
    client.force_login(secretary)
    pdf = client.get(reverse("decision-pdf", args=[decision.pk]))
    certificate = client.get(reverse("award-certificate", args=[award.pk]))
    certificates = client.get(reverse("decision-certificates", args=[decision.pk]))
    export = reverse("reports-decision-export", args=[decision.pk])
    xlsx = client.get(export, {"format": "xlsx"})
    csv_text = b"".join(client.get(export, {"format": "csv"}).streaming_content).decode()
    detail = client.get(reverse("decision-detail", args=[decision.pk])).content.decode()
    exemplar = client.get(exemplar_url(award.nomination), follow=True).content.decode()
    client.logout()
    verify = client.get(reverse("verify", args=[award.verification_code])).content.decode()
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:nominations_decision_changelist")).content.decode()
    client.logout()
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    return {
        "pdf_name": pdf["Content-Disposition"],
        "pdf_bytes": pdf.content,
        "pdf": _pdf_text(pdf.content),
        "rendered again": _pdf_text(decisions.render_decision_pdf(decision)),
        "certificate": _pdf_text(certificate.content),
        "certificates": _pdf_text(certificates.content),
        "verify": _between(verify, 'data-testid="verify-result"', "</dl>"),
        "xlsx": [list(row) for row in sheet.iter_rows(values_only=True)],
        "csv": list(csv.reader(io.StringIO(csv_text))),
        "detail": re.findall(r'<tr data-testid="award-row".*?</tr>', detail, re.S),
        "detail date line": _between(detail, 'data-testid="decision-date"', "</p>"),
        "exemplar": _between(exemplar, 'data-testid="award"', "</div>"),
        "admin list": _between(changelist, '<table id="result_list"', "</table>"),
    }


def test_issue_freezes_what_the_documents_print(issued, secretary, admin_user, client):
    decision = Decision.objects.get(pk=issued.pk)
    assert (
        decision.authority_name,
        decision.authority_short_name,
        decision.authority_parent_name,
        decision.authority_place,
        decision.campaign_name,
        decision.campaign_year,
        decision.signer_name,
        decision.signer_title,
    ) == (
        "Ủy ban nhân dân quận Đống Đa",
        "Quận Đống Đa",
        "Ủy ban nhân dân thành phố Hà Nội",
        "Đống Đa",
        "Người tốt, việc tốt",
        decision.campaign.opens_on.year,
        "Lê Tuấn Định",
        "Chủ tịch",
    )
    rows = Award.objects.filter(decision=decision).order_by("list_number")
    line = (
        "Đã có thành tích xuất sắc trong phong trào thi đua “Người tốt, việc tốt” năm "
        f"{decision.campaign.opens_on.year}."
    )
    assert (
        decision.authority_level_label,
        decision.authority_unit_label,
        decision.authority_council_name,
    ) == ("quận", "Phường", "Hội đồng Thi đua - Khen thưởng quận Đống Đa")
    assert [
        (
            a.list_number,
            a.awardee_name,
            a.awardee_honorific,
            a.awardee_kind,
            a.awardee_position,
            a.awardee_workplace,
            a.unit_name,
            a.award_kind_name,
            a.artefact,
            a.campaign_name,
            a.achievement,
            a.coefficient,
            a.base_salary,
            a.amount,
        )
        for a in rows
    ] == [
        (
            1,
            "Đoàn Thị Mai",
            "Bà",
            "individual",
            "Phó Bí thư chi bộ",
            "Khu dân cư số 12",
            "Cát Linh",
            "Giấy khen của Chủ tịch UBND quận",
            "Giấy khen",
            "Người tốt, việc tốt",
            line,  # the default line, never the public summary
            Decimal("0.30"),
            2_530_000,
            760_000,
        ),
        (
            2,
            "Nguyễn Đình Tính",
            "Ông",
            "individual",
            "Bí thư chi bộ",
            "Tổ dân phố số 10",
            "Cát Linh",
            "Giấy khen của Chủ tịch UBND quận",
            "Giấy khen",
            "Người tốt, việc tốt",
            line,
            Decimal("0.30"),
            2_530_000,
            760_000,
        ),
    ]
    docs = _documents(client, secretary, admin_user, decision)
    assert "Số: 125/QĐ-UBND" in docs["pdf"]
    assert "Nguyễn Đình Tính Bí thư chi bộ, phường Cát Linh" in docs["pdf"]
    assert "Ông Nguyễn Đình Tính Bí thư chi bộ, phường Cát Linh" in docs["certificate"]
    assert line in docs["certificate"] and "ba mươi ba năm" not in docs["certificate"]
    assert "Nguyễn Đình Tính" in docs["verify"] and "Cát Linh" in docs["verify"]
    assert docs["xlsx"][0][0] == "ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA"
    assert docs["xlsx"][7] == [
        2,
        "Nguyễn Đình Tính",
        "Bí thư chi bộ, Tổ dân phố số 10, phường Cát Linh",
        "Giấy khen của Chủ tịch UBND quận",
        760_000,
    ]
    assert "Ủy ban nhân dân quận Đống Đa" in docs["admin list"]
    assert "Giấy khen của Chủ tịch UBND quận" in docs["exemplar"]
    assert docs["pdf"] == docs["rendered again"]
    assert len(docs["detail"]) == 2 and "Nguyễn Đình Tính" in docs["detail"][1]
    assert docs["csv"][2][:2] == ["2", "Nguyễn Đình Tính"]  # the CSV starts at its header row


def _edit_every_live_row_by_the_orm(decision: Decision, other_ward: Ward) -> None:
    other_kind = factories.AwardKindFactory(name="Lao động tiên tiến", form="title")
    for award in Award.objects.filter(decision=decision).select_related("nomination__nominee"):
        nominee = award.nomination.nominee
        nominee.full_name = nominee.full_name.upper() + " (sửa)"
        nominee.position = "Chức vụ mới"
        nominee.workplace = "Nơi công tác mới"
        nominee.gender = "female" if nominee.gender == "male" else "male"
        nominee.save()
        nomination = Nomination.objects.get(pk=award.nomination_id)
        nomination.ward = other_ward
        nomination.award_kind = other_kind
        nomination.public_summary = "Thành tích đã bị sửa."
        nomination.save()
    Ward.objects.filter(name="Cát Linh").update(name="Cát Linh mới")
    for ward in Ward.objects.all():
        ward.name = ward.name + " (đổi tên)"
        ward.save()
    for kind in AwardKind.objects.all():
        kind.name = kind.name + " (đổi tên)"
        kind.form = "title"
        kind.save()
    campaign = Campaign.objects.get(pk=decision.campaign_id)
    campaign.name = "Phong trào đã đổi tên"
    campaign.save()
    authority = Authority.objects.get(pk=decision.authority_id)
    authority.name = "Ủy ban nhân dân phường Đống Đa"
    authority.short_name = "Phường Đống Đa"
    authority.parent_name = "Ủy ban nhân dân thành phố Hà Nội (mới)"
    authority.place = "Đống Đa"
    authority.chairman_name = "Người Ký Khác"
    authority.chairman_title = "Phó Chủ tịch"
    authority.decision_symbol = "QĐ-UBNDP"
    authority.save()


def test_editing_every_live_row_by_the_orm_changes_no_document(
    issued, secretary, admin_user, client, other_ward
):
    before = _documents(client, secretary, admin_user, issued)
    _edit_every_live_row_by_the_orm(issued, other_ward)
    after = _documents(client, secretary, admin_user, issued)
    assert after == before
    assert "Nguyễn Đình Tính" in after["rendered again"]  # the renderer reads the copy


def _admin_save(client, obj, **changes) -> None:
    """Post the admin change form of ``obj`` as the browser would, with ``changes``."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    data: dict[str, object] = {}

    def add(form) -> None:
        for field in form:
            value = field.value()
            if value is None or isinstance(value, FieldFile) or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(v) for v in value]
            data[field.html_name] = value

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_editing_every_live_row_in_the_admin_changes_no_document(
    issued, secretary, admin_user, client, other_ward
):
    before = _documents(client, secretary, admin_user, issued)
    other_kind = factories.AwardKindFactory(name="Chiến sĩ thi đua cơ sở", form="title")
    client.force_login(admin_user)
    for award in Award.objects.filter(decision=issued).select_related("nomination__nominee"):
        _admin_save(
            client,
            award.nomination.nominee,
            full_name="Nguyễn Văn Khác",
            position="Chức vụ sửa trong trang quản trị",
            gender="female",
        )
        _admin_save(
            client,
            award.nomination,
            ward=str(other_ward.pk),
            award_kind=str(other_kind.pk),
            public_summary="Thành tích sửa trong trang quản trị.",
        )
    _admin_save(client, Ward.objects.get(name="Cát Linh"), name="Phường Cát Linh cũ")
    _admin_save(
        client,
        AwardKind.objects.get(name="Giấy khen của Chủ tịch UBND quận"),
        name="Giấy khen của Chủ tịch UBND phường",
    )
    _admin_save(client, issued.campaign, name="Phong trào sửa trong trang quản trị")
    _admin_save(
        client,
        issued.authority,
        name="Ủy ban nhân dân phường Đống Đa",
        parent_name="Thành phố Hà Nội",
        place="Đống Đa",
        chairman_name="Người Ký Khác",
    )
    assert Nominee.objects.filter(full_name="Nguyễn Văn Khác").count() == 2  # edits took
    assert Authority.objects.get().name == "Ủy ban nhân dân phường Đống Đa"
    assert set(Nomination.objects.values_list("ward", flat=True)) == {other_ward.pk}
    after = _documents(client, secretary, admin_user, issued)
    assert after == before


def test_an_officer_refiling_the_same_person_changes_no_document(
    issued, secretary, admin_user, client, officer, ward
):
    """The issue's example: a new draft for the same person in another campaign, name
    respelled and position changed, used to rewrite the issued decision and certificate."""
    before = _documents(client, secretary, admin_user, issued)
    other = factories.CampaignFactory(name="Cựu chiến binh gương mẫu")
    client.force_login(officer)
    response = client.post(
        reverse("nomination-create"),
        form_data(other, full_name="Nguyễn Đình Tình", position="Cán bộ hưu trí"),
    )
    assert response.status_code == 302
    assert Nomination.objects.filter(campaign=other).count() == 1
    after = _documents(client, secretary, admin_user, issued)
    assert after == before
    assert "Ông Nguyễn Đình Tính Bí thư chi bộ" in after["certificate"]


# --------------------------------------------------------------------------- the stored PDF


def test_the_stored_pdf_is_served_as_signed_never_rendered_again(
    issued, secretary, client, monkeypatch
):
    stored = Decision.objects.get(pk=issued.pk)
    assert stored.pdf.name.startswith("decisions/") and stored.pdf.name.endswith(".pdf")
    with private_storage.open(stored.pdf.name, "rb") as handle:
        on_disk = handle.read()
    assert hashlib.sha256(on_disk).hexdigest() == stored.pdf_sha256
    client.force_login(secretary)
    url = reverse("decision-pdf", args=[issued.pk])
    first = client.get(url)

    def no_render(*args, **kwargs):
        raise AssertionError("an issued decision is never rendered again")

    monkeypatch.setattr(decisions, "render_document", no_render)
    second = client.get(url)
    assert first.content == second.content == on_disk
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == "inline; filename*=UTF-8''quyet-dinh-125-2026.pdf"


def test_a_stored_file_altered_on_disk_is_never_served_as_the_decision(issued, secretary, client):
    """The SHA-256 kept at signature is checked: a file changed on disk afterwards (a byte
    appended, as an edit would) used to be served as the decision of record."""
    stored = Decision.objects.get(pk=issued.pk)
    with open(private_storage.path(stored.pdf.name), "ab") as handle:
        handle.write(b"% altered\n")
    client.raise_request_exception = False
    client.force_login(secretary)
    response = client.get(reverse("decision-pdf", args=[issued.pk]))
    assert response.status_code == 500
    assert b"% altered" not in response.content
    with pytest.raises(decisions.StoredFileAltered):
        decisions.issued_pdf(stored)


def test_a_failed_issue_leaves_no_file(
    secretary, chairman, campaign, authority, base_salaries, tinh, monkeypatch
):
    draft = decisions.draft(secretary, [tinh], campaign=campaign)
    real_save = Decision.save
    written = []

    def failing_save(self, *args, **kwargs):
        if self.state == "issued":
            assert private_storage.exists(self.pdf.name)  # written before the row points at it
            written.append(self.pdf.name)
            raise RuntimeError("database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Decision, "save", failing_save)
    with pytest.raises(RuntimeError):
        decisions.issue(draft, chairman, today=DAY)
    monkeypatch.undo()
    draft.refresh_from_db()
    assert (draft.state, draft.number, draft.pdf.name, draft.pdf_sha256) == ("draft", None, "", "")
    assert Award.objects.get(decision=draft).awardee_name == ""  # the freeze rolled back too
    assert len(written) == 1 and not private_storage.exists(written[0])


def test_an_outer_rollback_removes_the_file(
    secretary, chairman, campaign, authority, base_salaries, tinh
):
    draft = decisions.draft(secretary, [tinh], campaign=campaign)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        name = decisions.issue(draft, chairman, today=DAY).pdf.name
        assert private_storage.exists(name)
        1 / 0  # noqa: B018 - something after the issue fails: the whole transaction goes
    assert not private_storage.exists(name)
    assert Decision.objects.get(pk=draft.pk).state == "draft"


def test_a_commit_keeps_the_file(
    secretary,
    chairman,
    campaign,
    authority,
    base_salaries,
    tinh,
    django_capture_on_commit_callbacks,
):
    draft = decisions.draft(secretary, [tinh], campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        name = decisions.issue(draft, chairman, today=DAY).pdf.name
    assert callbacks  # the commit was seen
    gc.collect()
    assert private_storage.exists(name)


def test_a_decision_issued_before_files_were_kept_gets_one_at_first_download(
    issued, secretary, client
):
    Decision.objects.filter(pk=issued.pk).update(pdf="", pdf_sha256="")
    client.force_login(secretary)
    url = reverse("decision-pdf", args=[issued.pk])
    first = client.get(url).content
    stored = Decision.objects.get(pk=issued.pk)
    assert stored.pdf.name and hashlib.sha256(first).hexdigest() == stored.pdf_sha256
    assert client.get(url).content == first


# --------------------------------------------------------------------------- guards


def test_issued_rows_refuse_save_and_delete(issued):
    decision = Decision.objects.get(pk=issued.pk)
    award = Award.objects.get(decision=decision, awardee_name="Nguyễn Đình Tính")
    decision.authority_name = "Tên khác"
    award.awardee_name = "Tên khác"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        award.save()
    with pytest.raises(ValidationError):
        award.save(update_fields=["awardee_name"])
    with pytest.raises(ValidationError):
        decision.delete()
    assert Award.objects.get(pk=award.pk).awardee_name == "Nguyễn Đình Tính"


def test_the_admin_shows_the_copy_read_only(
    issued, secretary, admin_user, client, campaign, authority, make_nomination
):
    client.force_login(admin_user)
    page = client.get(reverse("admin:nominations_decision_change", args=[issued.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="authority_name"' not in html
    assert Decision.objects.get(pk=issued.pk).pdf.name in html  # shown, not linked
    assert Decision.objects.get(pk=issued.pk).pdf_sha256 in html
    assert "Ông" in html and "Nguyễn Đình Tính" in html  # the awards inline shows the copy
    other = make_nomination("recommended", name="Võ Thị Ánh")
    draft = decisions.draft(secretary, [other], campaign=campaign)
    url = reverse("admin:nominations_decision_change", args=[draft.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    frozen = set(decisions.DECISION_SNAPSHOT) - {"signer_name", "signer_title", "legal_bases"}
    assert frozen & set(form.fields) == set()
    assert "legal_bases" in form.fields  # a draft's texts may still be corrected
    _admin_save(client, draft, title="Trích yếu sửa", authority_name="Giả mạo", pdf_sha256="0" * 64)
    draft.refresh_from_db()
    assert (draft.title, draft.authority_name, draft.pdf_sha256) == ("Trích yếu sửa", "", "")


# --------------------------------------------------------------------------- data migration


def test_the_data_migration_fills_decisions_issued_before(issued):
    Decision.objects.filter(pk=issued.pk).update(
        authority_name="", authority_place="", campaign_name="", campaign_year=None
    )
    Award.objects.filter(decision=issued).update(
        list_number=None, awardee_name="", awardee_honorific="", unit_name="", award_kind_name=""
    )
    migration = importlib.import_module("nominations.migrations.0011_fill_decision_snapshot")
    migration.fill(apps, None)
    decision = Decision.objects.get(pk=issued.pk)
    assert (decision.authority_name, decision.authority_place, decision.campaign_name) == (
        "Ủy ban nhân dân quận Đống Đa",
        "Đống Đa",
        "Người tốt, việc tốt",
    )
    assert list(
        Award.objects.filter(decision=issued)
        .order_by("list_number")
        .values_list("list_number", "awardee_name", "awardee_honorific", "unit_name")
    ) == [(1, "Đoàn Thị Mai", "Bà", "Cát Linh"), (2, "Nguyễn Đình Tính", "Ông", "Cát Linh")]
