"""Text that comes from Word, phones and other systems (issue #15).

One rule at input (``emulation.forms``: every text field of every form, the admin's and the
Excel import's included, normalised before it is cleaned) and every output safe for what is
already stored (xlsx, CSV, Atom, the decision and certificate PDFs, the exemplar page, the
return e-mail). The examples of the issue first, then the property-based tests (hypothesis):
arbitrary Unicode through every form class found by walking the project's modules, and
arbitrary stored text through every output.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import io
import pkgutil
import unicodedata
from typing import Any

import pytest
from defusedxml import ElementTree
from django import forms
from django.contrib import admin
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from emulation.forms import NormalizedFormMixin, text_mode
from nominations.council import services as council
from nominations.decisions import services as decisions
from nominations.models import Award, DecisionState, Nomination, Nominee
from nominations.public.services import exemplar_url
from nominations.reports import imports
from tests import factories

pytestmark = pytest.mark.django_db

WORD_POSITION = "Tổ trưởng\x0bTổ dân phố số 5"  # Shift+Enter in Word
POSITION = "Tổ trưởng Tổ dân phố số 5"
# What a form must never keep: controls, lone surrogates, noncharacters, invisible format
# characters (BOM, zero-width space, soft hyphen, bidi override), line separators.
HOSTILE = "\x00\x01\x08\x0b\x0c\x1c\x1f\x7f\x85\ud800\udfff\ufeff\u200b\u00ad\u202e\u2028\u2029\ufffe\uffff\U0001fffe"
# What PostgreSQL can store (no NUL, no lone surrogate) and XML forbids or a form would drop.
STORABLE_HOSTILE = "\x01\x08\x0b\x0c\x1c\x1f\x7f\x85\ufeff\u200b\u202e\u2028\ufffe\uffff"


# --- helpers ---------------------------------------------------------------------------------


def assert_normalised(value: str, multiline: bool) -> None:
    """NFC, stripped, and nothing invisible: checked by category, independently of the code."""
    assert unicodedata.is_normalized("NFC", value), repr(value)
    assert value == value.strip(), repr(value)
    for ch in value:
        if ch == "\n" and multiline:
            continue
        category = unicodedata.category(ch)
        assert category not in ("Cc", "Cs", "Zl", "Zp"), repr(value)
        assert category != "Cf" or ch in "\u200c\u200d", repr(value)
        code = ord(ch)
        assert not (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE), repr(value)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_values(response) -> list[Any]:
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(body(response)))
    return [cell for row in wb.worksheets[0].iter_rows(values_only=True) for cell in row]


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(body(response)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def feed_entries(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    root = ElementTree.fromstring(body(response))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    return [
        {
            "title": entry.findtext("a:title", namespaces=ns),
            "summary": entry.findtext("a:summary", namespaces=ns),
            "categories": [c.get("term") for c in entry.findall("a:category", namespaces=ns)],
        }
        for entry in root.findall("a:entry", ns)
    ]


def awarded(authority, ward, title="Về việc khen thưởng", **nominee):
    """An awarded, consenting nomination with an issued decision (``title``) and its award."""
    kind = factories.AwardKindFactory()
    campaign = factories.CampaignFactory(name="Người tốt, việc tốt", award_kinds=[kind])
    person = factories.NomineeFactory(ward=ward, **nominee)
    nomination = factories.NominationFactory(
        ward=ward, campaign=campaign, nominee=person, state="awarded", consent_public=True
    )
    decision = factories.DecisionFactory(
        issued=True,
        authority=authority,
        title=title,
        signer_title="Chủ tịch",
        signer_name="Lê Tuấn Định",
        authority_name=authority.name,
        authority_place=authority.place,
    )
    award = Award(decision=decision, nomination=nomination, amount=710_000, list_number=1)
    decisions.fill_award(award)  # the frozen copy, as issue() leaves it: hostile text too
    award.save()
    return nomination, decision, award


# --- the issue's example: a position pasted from Word ----------------------------------------


@pytest.fixture
def campaign(db):
    return factories.CampaignFactory(name="Người tốt, việc tốt")


def dossier(campaign, **overrides) -> dict:
    data = {
        "campaign": campaign.pk,
        "kind": "individual",
        "full_name": "Nguyễn Đình Tính",
        "gender": "male",
        "birth_year": "1950",
        "position": WORD_POSITION,
        "workplace": "Tổ dân phố số 10",
        "award_kind": campaign.award_kinds.first().pk,
        "procedure": "regular",
        "field": "community",
        "public_summary": "33 năm làm công tác mặt trận ở khu dân cư.",
        "achievement_report": "Vận động giải phóng mặt bằng 7 dự án.",
        "consent_public": "on",
    }
    data.update(overrides)
    return data


def test_word_position_is_saved_as_one_line_and_both_exports_answer(
    client, officer, secretary, campaign, authority
):
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), dossier(campaign))
    assert response.status_code == 302
    assert Nominee.objects.get().position == POSITION
    nomination = Nomination.objects.get()
    Nomination.objects.filter(pk=nomination.pk).update(  # the unit's review, typed
        unit_review_on=dt.date(2026, 3, 2),
        unit_review_attendees=9,
        unit_review_votes_for=8,
        unit_review_votes_total=9,
    )
    client.post(reverse("nomination-submit", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert nomination.state == "submitted"  # so that the district's export lists it too
    # The ward's export and the whole district's, xlsx and CSV.
    for user in (officer, secretary):
        client.force_login(user)
        url = reverse("reports-nominations-export")
        assert POSITION in xlsx_values(client.get(url, {"format": "xlsx"}))
        csv = body(client.get(url, {"format": "csv"})).decode("utf-8-sig")
        assert f",{POSITION}," in csv


def test_multi_line_field_keeps_paragraphs_and_nul_never_reaches_postgresql(
    client, officer, campaign
):
    client.force_login(officer)
    data = dossier(
        campaign,
        full_name=" Nguyễn\x00 Đình Tính\u200b ",
        achievement_report="\ufeffDòng 1\x0bDòng 2\r\nDòng 3\x00\u2029Dòng 4\r\n",
    )
    assert client.post(reverse("nomination-create"), data).status_code == 302
    nomination = Nomination.objects.select_related("nominee").get()
    assert nomination.nominee.full_name == "Nguyễn Đình Tính"
    assert nomination.achievement_report == "Dòng 1\nDòng 2\nDòng 3\nDòng 4"


def test_postgresql_itself_refuses_nul(officer):
    """Why the form must strip NUL: the database driver refuses the row outright."""
    nominee = factories.NomineeFactory(ward=officer.ward)
    nominee.position = "Tổ\x00trưởng"
    with pytest.raises(ValueError, match="NUL"), transaction.atomic():
        nominee.save()


def test_the_form_shown_again_shows_the_normalised_text(client, officer, campaign):
    client.force_login(officer)
    response = client.post(reverse("nomination-create"), dossier(campaign, birth_year="3000"))
    assert response.status_code == 200
    assert response.context["form"]["position"].value() == POSITION


# --- already stored: every output answers 200, the text visible minus the bad characters -----


def test_stored_hostile_text_in_every_output(client, authority, ward, secretary):
    nomination, decision, award = awarded(
        authority,
        ward,
        full_name="Ngô Thanh\x1f Thủy\ufffe",
        position=WORD_POSITION,
        workplace="Bệnh viện\x0cK\x7f",
        title="Về việc khen thưởng\x0bgương người tốt",
    )
    nomination.public_summary = "Sáu năm\x0bgiúp người bệnh\x01 nghèo.\uffff"
    nomination.story = "Đoạn 1\x0bĐoạn 2\x1f"
    nomination.save()

    client.force_login(secretary)
    export = reverse("reports-nominations-export")
    row = xlsx_values(client.get(export, {"format": "xlsx"}))
    assert "Ngô Thanh Thủy" in row
    assert POSITION in row
    assert "Bệnh viện K\x7f" in row  # DEL is allowed by XML: kept, as typed
    awardees = xlsx_values(client.get(reverse("reports-decision-export", args=[decision.pk])))
    assert "Ngô Thanh Thủy" in awardees
    # One cell, each place said once (emulation.text.place_line, which also drops the DEL).
    assert f"{POSITION}, Bệnh viện K, phường Cát Linh" in awardees
    csv = body(client.get(export, {"format": "csv"})).decode("utf-8-sig")
    assert ",Ngô Thanh Thủy," in csv
    assert f",{POSITION}," in csv

    decision_text = pdf_text(client.get(reverse("decision-pdf", args=[decision.pk])))
    assert "Ngô Thanh Thủy" in decision_text
    certificate = pdf_text(client.get(reverse("award-certificate", args=[award.pk])))
    assert "Ngô Thanh Thủy" in certificate

    client.logout()
    [entry] = feed_entries(client.get(reverse("exemplar-feed")))
    assert entry["title"] == "Ngô Thanh Thủy — Giấy khen của Chủ tịch UBND quận"
    assert entry["summary"] == "Sáu năm giúp người bệnh nghèo."
    assert entry["categories"] == ["Người tốt, việc tốt", "Cát Linh"]
    page = client.get(exemplar_url(nomination))
    assert page.status_code == 200
    assert "Ngô Thanh\x1f Thủy" in page.content.decode()  # HTML: escaped, shown as stored


def test_return_mail_subject_is_one_line_whatever_the_stored_name(
    officer, secretary, django_capture_on_commit_callbacks
):
    nominee = factories.NomineeFactory(ward=officer.ward, full_name="Ngô Thanh\nThủy\x0b")
    nomination = factories.NominationFactory(ward=officer.ward, nominee=nominee, state="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        council.return_dossier(nomination, secretary, "Thiếu biên bản xét.")
    [message] = mail.outbox
    assert message.subject == "Hồ sơ của Ngô Thanh Thủy được trả lại để bổ sung"
    assert message.to == [officer.email]


# --- the Excel import validates each row with the dossier form --------------------------------


def test_import_row_goes_through_the_same_normalisation(officer, campaign):
    raw_by_key = {
        "full_name": "Nguyễn\u200b Văn An",
        "kind": "Cá nhân",
        "position": WORD_POSITION,
        "workplace": "Tổ dân phố\u2028số 1",
        "campaign": f"{campaign.name} ({campaign.opens_on:%Y})",
        "award_kind": campaign.award_kinds.first().name,
        "procedure": "Thủ tục thông thường",
        "public_summary": "Vận động bà con\x0bgiữ vệ sinh ngõ phố.",
    }
    raw = [raw_by_key.get(column.key) for column in imports.columns()]
    result = imports.validate_row(2, raw, imports._Context(officer))
    assert result.errors == []
    assert isinstance(result.form, NormalizedFormMixin)
    cleaned = result.form.cleaned_data
    assert (cleaned["full_name"], cleaned["position"], cleaned["workplace"]) == (
        "Nguyễn Văn An",
        POSITION,
        "Tổ dân phố số 1",
    )
    # A multi-line field of the form: Word's line break is a paragraph, as typed in the form.
    assert cleaned["public_summary"] == "Vận động bà con\ngiữ vệ sinh ngõ phố."


# --- the admin: every registered ModelAdmin (and inline) normalises ----------------------------


def _admin_forms():
    request = RequestFactory().get("/quan-tri/")
    request.user = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        yield label, model_admin.get_form(request, None, change=False)
        yield f"{label} (change)", model_admin.get_form(request, model(), change=True)
        for inline in model_admin.inlines:
            formset = inline(model, admin.site).get_formset(request, model())
            yield f"{label} inline {inline.__name__}", formset.form


def test_every_admin_form_normalises_every_text_field():
    dirty, clean = f" {WORD_POSITION}\x00\u200b ", POSITION
    proved = {}
    for label, form_class in _admin_forms():
        form = form_class(data={})
        text_fields = [n for n, f in form.fields.items() if isinstance(f, forms.CharField)]
        data = {name: dirty for name in text_fields}
        form = form_class(data=data)
        for name in text_fields:
            if text_mode(form.fields[name]) is None:  # a password: left as typed
                assert isinstance(form.fields[name].widget, forms.PasswordInput), (label, name)
                continue
            expected = clean
            if text_mode(form.fields[name]) == "multiline":
                expected = "Tổ trưởng\nTổ dân phố số 5"
            assert form[name].data == expected, (label, name)
        proved[label] = len(text_fields)
    # The project's admins have text fields to prove it on; django-axes' logs are read-only.
    assert proved["nominations.Nominee"] >= 6
    assert (
        proved["nominations.Decision (change)"] == 4
    )  # + revocation_reason (revocation grounds merge)
    assert proved["emulation.User"] >= 4
    assert proved["auth.Group"] == 1
    assert proved["axes.AccessAttempt (change)"] == 0


def test_admin_change_saves_normalised_text(client, ward):
    admin_user = factories.UserFactory(
        username="quantri", role="admin", is_staff=True, is_superuser=True
    )
    client.force_login(admin_user)
    url = reverse("admin:emulation_ward_change", args=[ward.pk])
    response = client.post(
        url,
        {
            "name": "Cát\x0bLinh\u200b ",
            "code": " DD01\x00",
            "slug": "cat-linh",
            "active": "on",
            "head_title": "Chủ tịch",  # the tờ trình's required fields (docs2 merge)
            "cover_letter_symbol": "TTr-UBND",
        },
    )
    assert response.status_code == 302
    ward.refresh_from_db()
    assert (ward.name, ward.code) == ("Cát Linh", "DD01")


# --- every form of the project, found by walking its modules ----------------------------------


def project_form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for package_name in ("emulation", "campaigns", "nominations"):
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" in info.name or info.name.endswith(".wsgi"):
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, forms.BaseForm)
                    and cls.__module__ == info.name
                    and cls.__module__ not in ("emulation.forms", "emulation.admin")
                ):
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


FORMS = project_form_classes()
# Forms that need an argument to be built (a queryset of what may be chosen).
FORM_KWARGS: dict[str, Any] = {
    "DecisionDraftForm": lambda: {"candidates": Nomination.objects.none()},
    "RevocationForm": lambda: {"candidates": Award.objects.none()},
    # The sign-in form authenticates through django-axes, which needs the request.
    "BoundedAuthenticationForm": lambda: {"request": _login_request()},
    # The notices merge: the e-mail choices are the kinds this user can receive.
    "EmailChoicesForm": lambda: {"user": _notices_user()},
}


def _notices_user():
    from emulation.models import User

    user = User.objects.filter(username="thuky-thongbao").first()
    return user or factories.UserFactory(username="thuky-thongbao", role="secretary")


def _login_request():
    request = RequestFactory().post("/tai-khoan/dang-nhap/")
    request.session = {}
    return request


def test_the_walk_finds_every_form():
    names = {cls.__name__ for cls in FORMS}
    assert {"NominationForm", "SuggestionForm", "ReturnForm", "DecisionDraftForm"} <= names
    assert len(FORMS) >= 19


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
def test_every_project_form_derives_from_the_normalising_base(form_class):
    assert issubclass(form_class, NormalizedFormMixin)


def hostile_text() -> st.SearchStrategy[str]:
    """Any Unicode (surrogates included), with the troublesome characters made frequent."""
    return st.text(
        st.one_of(
            st.characters(codec=None),
            st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
            st.sampled_from(HOSTILE + " \t\r\n\u00a0\u200d\u0301ươ"),
        ),
        max_size=40,
    )


def _build(form_class, data=None):
    kwargs = FORM_KWARGS.get(form_class.__name__, dict)()
    return form_class(data=data, **kwargs) if data is not None else form_class(**kwargs)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__name__)
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(hostile_text(), min_size=12, max_size=12))
def test_arbitrary_unicode_into_every_text_field(form_class, texts, campaign):
    if form_class.__name__ == "NominationForm":
        unbound = form_class(campaign=campaign, kind="individual")
    else:
        unbound = _build(form_class)
    text_fields = [n for n, f in unbound.fields.items() if isinstance(f, forms.CharField)]
    data = {name: texts[i % len(texts)] for i, name in enumerate(text_fields)}
    if form_class.__name__ == "NominationForm":
        data |= {"campaign": campaign.pk, "kind": "individual"}
    form = _build(form_class, data)
    form.is_valid()  # never raises, whatever the text
    for name in text_fields:
        if isinstance(form.fields[name].widget, forms.PasswordInput):
            assert text_mode(form.fields[name]) is None, name  # a password: left as typed
            continue
        multiline = text_mode(form.fields[name]) == "multiline"
        assert text_mode(form.fields[name]) is not None, name
        assert_normalised(form[name].data, multiline)
        if name in form.cleaned_data and isinstance(form.cleaned_data[name], str):
            assert_normalised(form.cleaned_data[name], multiline)


# --- arbitrary stored text through every output -----------------------------------------------


def storable_text() -> st.SearchStrategy[str]:
    """What a row may hold after years of other systems: anything PostgreSQL stores."""
    return st.text(
        st.one_of(
            st.characters(codec="utf-8", exclude_characters="\x00"),
            st.sampled_from(STORABLE_HOSTILE + " \r\n"),
        ),
        min_size=1,
        max_size=30,
    )


@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(storable_text(), min_size=5, max_size=5))
def test_every_output_renders_arbitrary_stored_text(texts, client, authority, ward, secretary):
    name, position, summary, story, title = texts
    with transaction.atomic():
        nomination, decision, award = awarded(
            authority,
            ward,
            title=title,
            full_name=name,
            position=position,
            workplace=story,
        )
        Nomination.objects.filter(pk=nomination.pk).update(public_summary=summary, story=story)
        assert decision.state == DecisionState.ISSUED
        cache.clear()
        client.force_login(secretary)
        for fmt in ("xlsx", "csv"):
            response = client.get(reverse("reports-nominations-export"), {"format": fmt})
            assert response.status_code == 200
            body(response)
        xlsx_values(client.get(reverse("reports-nominations-export"), {"format": "xlsx"}))
        xlsx_values(client.get(reverse("reports-decision-export", args=[decision.pk])))
        pdf_text(client.get(reverse("decision-pdf", args=[decision.pk])))
        pdf_text(client.get(reverse("award-certificate", args=[award.pk])))
        client.logout()
        assert len(feed_entries(client.get(reverse("exemplar-feed")))) == 1
        assert client.get(exemplar_url(nomination)).status_code == 200
        transaction.set_rollback(True)
