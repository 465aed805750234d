"""Every notice kind: who is told, in the app and by e-mail, with the direct link on SITE_URL
and the unsubscribe link; inactive accounts, accounts without an address, choices and
opted-out residents."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from nominations import notices, workflow
from nominations.council import services as council
from nominations.models import Notice, NoticePreference, Suggestion
from nominations.notices import services
from tests import factories

pytestmark = pytest.mark.django_db
SITE = "https://thidua.example.vn"


def only_mail():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return mail.outbox[0]


def unsubscribe_url(message) -> str:
    found = re.search(rf"{SITE}/thong-bao/huy-nhan/[^/\s]+/", message.body)
    assert found, message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{found.group(0)}>"
    return found.group(0)


def test_return_tells_the_ward_with_reason_and_link(
    secretary, officer, other_officer, make_nomination, django_capture_on_commit_callbacks
):
    nom = make_nomination("submitted", name="Phạm Quang Vinh")
    with django_capture_on_commit_callbacks(execute=True):
        council.return_dossier(nom, secretary, "Bổ sung xác nhận của Tổ dân phố.")
    m = only_mail()
    assert m.to == [officer.email]  # not the other ward's officer
    assert m.subject == "Hồ sơ của Phạm Quang Vinh được trả lại để bổ sung"
    assert "Lý do: Bổ sung xác nhận của Tổ dân phố." in m.body
    assert f"{SITE}/can-bo/ho-so/{nom.pk}/" in m.body
    unsubscribe_url(m)
    notice = Notice.objects.get()
    assert (notice.recipient, notice.kind, notice.path, notice.read_at) == (
        officer,
        "returned",
        f"/can-bo/ho-so/{nom.pk}/",
        None,
    )


def test_nothing_is_sent_when_the_change_rolls_back(
    secretary, officer, make_nomination, django_capture_on_commit_callbacks
):
    nom = make_nomination("submitted")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        council.return_dossier(nom, secretary, "Thiếu ảnh.")
        raise RuntimeError
    assert (mail.outbox, Notice.objects.count()) == ([], 0)


def test_inactive_and_addressless_officers(
    secretary, ward, make_nomination, django_capture_on_commit_callbacks
):
    gone = factories.UserFactory(username="danghi", ward=ward, is_active=False)
    no_mail = factories.UserFactory(username="khongthu", ward=ward, email="")
    nom = make_nomination("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        council.return_dossier(nom, secretary, "Thiếu ảnh.")
    assert mail.outbox == []  # one left, the other has no address
    assert list(Notice.objects.values_list("recipient", flat=True)) == [no_mail.pk]
    assert not Notice.objects.filter(recipient=gone).exists()


def test_accept_is_in_app_only_by_default_and_mailed_when_chosen(
    secretary, officer, make_nomination, django_capture_on_commit_callbacks
):
    a, b = make_nomination("submitted", name="Lê Văn An"), make_nomination("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(a, secretary)
    assert mail.outbox == []
    assert services.title_of(Notice.objects.get()) == "Hồ sơ của Lê Văn An đã được tiếp nhận"
    services.set_email_choices(officer, ["accepted", "returned"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(b, secretary)
    m = only_mail()
    assert m.subject == f"Hồ sơ của {b.nominee} đã được tiếp nhận"
    assert f"{SITE}/can-bo/ho-so/{b.pk}/" in m.body


def test_agenda_tells_the_ward_and_opens_the_vote_for_members(
    secretary, officer, members, make_nomination, django_capture_on_commit_callbacks
):
    nom = make_nomination("in_review", name="Đỗ Thị Hoa")
    meeting = council.create_meeting(
        secretary,
        held_at=timezone.make_aware(dt.datetime(2026, 12, 3, 14, 0)),
        place="Phòng họp số 2",
        members_present=members[:2],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        council.add_to_agenda(meeting, [nom], secretary)
    by_kind = {n.kind: n for n in Notice.objects.all()}
    agenda = by_kind["agenda"]
    assert agenda.recipient == officer
    assert services.body_of(agenda) == (
        "Hồ sơ của Đỗ Thị Hoa (phong trào “Người tốt, việc tốt”) được đưa vào chương trình "
        "cuộc họp Hội đồng lúc 14:00 ngày 03/12/2026 tại Phòng họp số 2."
    )
    assert sorted(
        Notice.objects.filter(kind="vote_open").values_list("recipient", flat=True)
    ) == sorted(m.pk for m in members[:2])
    # Vote open comes by e-mail (default on); the agenda notice does not (default off).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members[:2])
    m = mail.outbox[0]
    assert m.subject == "Mở biểu quyết: cuộc họp 14:00 ngày 03/12/2026"
    assert f"{SITE}/hoi-dong/cuoc-hop/{meeting.pk}/" in m.body


def test_meeting_scheduled_and_changed(secretary, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = council.create_meeting(
            secretary,
            held_at=timezone.make_aware(dt.datetime(2026, 12, 3, 8, 30)),
            place="Hội trường UBND quận",
            members_present=members,
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert mail.outbox[0].subject == "Lịch họp Hội đồng: 08:30 ngày 03/12/2026"
    assert "Hội trường UBND quận" in mail.outbox[0].body
    assert f"{SITE}/hoi-dong/cuoc-hop/{meeting.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    meeting.place = "Phòng họp tầng 3"
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        notices.meeting_changed(meeting)
    assert len(mail.outbox) == 3
    assert mail.outbox[0].subject == "Thay đổi cuộc họp Hội đồng: 08:30 ngày 03/12/2026"
    assert "Phòng họp tầng 3" in mail.outbox[0].body


def test_recommended_and_not_recommended(
    secretary, officer, member, make_nomination, open_kind, django_capture_on_commit_callbacks
):
    simple = make_nomination(
        "submitted", procedure="simplified", award_kind=open_kind, name="Vũ Văn Bình"
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.recommend_simplified(simple, secretary)
    m = only_mail()
    assert m.subject == "Hồ sơ của Vũ Văn Bình được đề nghị khen thưởng"
    assert f"{SITE}/can-bo/ho-so/{simple.pk}/" in m.body
    mail.outbox.clear()
    failing = make_nomination("in_review", name="Hà Thị Cúc")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.record_vote_result(failing, secretary, False, "Không đủ số phiếu.")
    m = only_mail()
    assert m.subject == "Hồ sơ của Hà Thị Cúc không được đề nghị khen thưởng"
    assert "Không đủ số phiếu." in m.body


@pytest.fixture
def open_kind(db):
    return factories.AwardKindFactory(name="Giấy khen đột xuất", allows_simplified=True)


def test_awarded_tells_the_ward_and_the_resident_who_asked(
    chairman, officer, ward, make_nomination, django_capture_on_commit_callbacks
):
    nom = make_nomination("recommended", name="Nguyễn Thị Mai", consent_public=True)
    common = {"ward": ward, "nominee_name": "Nguyễn Thị Mai", "deeds": "…", "ip_hash": "x"}
    common["nomination"] = nom
    Suggestion.objects.create(
        writer_name="Bà Lan", writer_contact="Lan@Example.vn", writer_wants_news=True, **common
    )
    Suggestion.objects.create(  # did not ask
        writer_name="Ông Tư", writer_contact="tu@example.vn", writer_wants_news=False, **common
    )
    Suggestion.objects.create(  # a phone number: nothing to send to
        writer_name="Chị Ba", writer_contact="0912345678", writer_wants_news=True, **common
    )
    Suggestion.objects.create(  # opted out earlier
        writer_name="Anh Năm", writer_contact="nam@example.vn", writer_wants_news=True, **common
    )
    services.unsubscribe("nam@example.vn", "honoured")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        workflow.mark_awarded(nom, chairman, dt.date(2026, 12, 10))
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted(["lan@example.vn", officer.email])
    ward_mail = by_address[officer.email]
    assert ward_mail.subject == "Nguyễn Thị Mai đã được khen thưởng"
    assert f"{SITE}/can-bo/ho-so/{nom.pk}/" in ward_mail.body
    resident = by_address["lan@example.vn"]
    assert resident.subject == "Nguyễn Thị Mai, người bạn giới thiệu, đã được khen thưởng"
    assert f"{SITE}/guong-sang/{nom.pk}-nguyen-thi-mai/" in resident.body
    assert "/can-bo/" not in resident.body  # no staff link for a resident
    unsubscribe_url(resident)
    assert Notice.objects.filter(kind="honoured").count() == 0  # residents have no in-app


def test_resident_link_without_consent_is_the_gallery(
    chairman, ward, make_nomination, django_capture_on_commit_callbacks
):
    nom = make_nomination("recommended", consent_public=False)
    Suggestion.objects.create(
        ward=ward,
        nominee_name="X",
        deeds="…",
        ip_hash="x",
        nomination=nom,
        writer_name="Bà Lan",
        writer_contact="lan@example.vn",
        writer_wants_news=True,
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        workflow.mark_awarded(nom, chairman, dt.date(2026, 12, 10))
    resident = next(m for m in mail.outbox if m.to == ["lan@example.vn"])
    assert f"{SITE}/guong-sang/\n" in resident.body + "\n"


def test_draft_waiting_for_signature_tells_chairman_and_deputies(
    chairman, django_capture_on_commit_callbacks
):
    deputy = factories.UserFactory(username="phochutich", role="deputy")
    factories.UserFactory(username="cu", role="chairman", is_active=False)
    decision = factories.DecisionFactory(title="Về việc khen thưởng đợt 2")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notices.decision_waiting_for_signature(decision)
    assert sorted(n.recipient_id for n in rows) == sorted([chairman.pk, deputy.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([chairman.email, deputy.email])
    m = mail.outbox[0]
    assert m.subject == "Dự thảo quyết định chờ ký: Về việc khen thưởng đợt 2"
    assert f"{SITE}/hoi-dong/quyet-dinh/{decision.pk}/" in m.body


def test_decision_published_tells_each_ward_with_an_awardee(
    officer, other_officer, ward, other_ward, make_nomination, django_capture_on_commit_callbacks
):
    decision = factories.DecisionFactory(issued=True, title="Về việc khen thưởng đợt 3")
    factories.AwardFactory(decision=decision, nomination=make_nomination("awarded"))
    factories.AwardFactory(decision=decision, nomination=make_nomination("awarded"))
    factories.WardFactory(name="Láng Hạ")  # no awardee: not told
    with django_capture_on_commit_callbacks(execute=True):
        notices.decision_published(decision)
    m = only_mail()
    assert m.to == [officer.email]
    assert m.subject == f"Quyết định {decision.reference} đã ban hành"
    assert "2 hồ sơ của phường được khen thưởng" in m.body
    assert f"{SITE}/can-bo/ho-so/" in m.body


def test_a_suggestion_arrived_tells_the_ward(
    client, ward, officer, other_officer, settings, django_capture_on_commit_callbacks
):
    from tests.public.test_suggestions import data

    settings.SUGGESTION_MIN_FILL_SECONDS = 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/gioi-thieu-nguoi-tot/",
            data(ward, writer_contact="viet@example.vn", writer_wants_news="on"),
        )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.writer_wants_news is True
    m = only_mail()
    assert m.to == [officer.email]
    assert m.subject == "Người dân giới thiệu Lê Thị Hồng"
    assert f"{SITE}/can-bo/goi-y/{suggestion.pk}/" in m.body
    assert "viet@example.vn" not in m.body  # the contact stays on the suggestion's page


def test_a_hostile_name_stays_one_line_in_the_subject(
    secretary, officer, make_nomination, django_capture_on_commit_callbacks
):
    nom = make_nomination("submitted", name="Lê\nBcc: x@evil.vn")
    with django_capture_on_commit_callbacks(execute=True):
        council.return_dossier(nom, secretary, "Thiếu ảnh.")
    assert "\n" not in only_mail().subject


def test_preferences_default_and_saved(officer):
    assert services.email_choices(officer)["returned"] is True
    assert services.email_choices(officer)["accepted"] is False
    services.set_email_choices(officer, ["accepted"])
    assert services.email_choices(officer)["returned"] is False
    assert NoticePreference.objects.filter(user=officer).count() == len(services.kinds_for(officer))
