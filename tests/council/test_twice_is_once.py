"""Issue #15, "Twice is once": every create and every confirm of the council, posted a second
time as it was the first time, changes nothing more and sends the browser where the first post
did. Creates without a natural key (note, meeting, decision draft) carry a one-time token
(emulation/once.py); confirms are refused by the state check under the row lock."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from emulation import once
from nominations.council import services as council
from nominations.decisions import services as decisions
from nominations.models import (
    Award,
    BallotCast,
    Decision,
    Meeting,
    Nomination,
    ReviewNote,
    Suggestion,
    Transition,
)
from tests.council.conftest import close_data


def _twice(client, url, data=None):
    """Post the same form twice; both answers as (status, Location)."""
    first = client.post(url, data or {})
    second = client.post(url, data or {})
    return (first.status_code, first.get("Location")), (second.status_code, second.get("Location"))


def _snapshot(nom):
    nom.refresh_from_db()
    return nom.state, nom.version, Transition.objects.filter(nomination=nom).count()


def test_note_posted_twice_is_stored_once(client, member, make_nomination):
    nom = make_nomination("in_review")
    client.force_login(member)
    data = {"text": "Hồ sơ tốt.", once.FIELD: once.new_token()}
    first, second = _twice(client, reverse("dossier-note", args=[nom.pk]), data)
    assert first == second == (302, reverse("council-dossier", args=[nom.pk]))
    assert list(ReviewNote.objects.values_list("text", flat=True)) == ["Hồ sơ tốt."]
    # A new rendering of the form (a new token) adds a second note, as it should.
    client.post(
        reverse("dossier-note", args=[nom.pk]), {"text": "Bổ sung.", once.FIELD: once.new_token()}
    )
    assert ReviewNote.objects.count() == 2


def test_the_note_form_carries_a_token(client, member, make_nomination):
    nom = make_nomination("in_review")
    client.force_login(member)
    html = client.get(reverse("council-dossier", args=[nom.pk])).content.decode()
    assert f'name="{once.FIELD}"' in html


def test_meeting_created_once(client, secretary, members):
    client.force_login(secretary)
    data = {
        "held_at": "2026-11-20T09:00",
        "place": "Phòng họp số 2",
        "members_present": [m.pk for m in members],
        once.FIELD: once.new_token(),
    }
    first, second = _twice(client, reverse("meeting-create"), data)
    meeting = Meeting.objects.get()
    assert first == second == (302, reverse("meeting-detail", args=[meeting.pk]))


@pytest.mark.parametrize(
    ("url_name", "state", "data", "after"),
    [
        ("dossier-accept", "submitted", {}, "in_review"),
        ("dossier-return", "submitted", {"reason": "Bổ sung xác nhận."}, "returned"),
        ("dossier-recommend", "submitted", {}, "recommended"),
    ],
)
def test_review_confirms_posted_twice_change_once(
    client, secretary, make_nomination, open_kind, url_name, state, data, after
):
    nom = make_nomination(state, procedure="simplified", award_kind=open_kind)
    client.force_login(secretary)
    first, second = _twice(client, reverse(url_name, args=[nom.pk]), data)
    assert first == second == (302, reverse("council-dossier", args=[nom.pk]))
    assert _snapshot(nom) == (after, 2, 1)


def test_bulk_accept_posted_twice_accepts_once(client, secretary, make_nomination):
    a, b = make_nomination("submitted"), make_nomination("submitted")
    client.force_login(secretary)
    data = {"ids": [a.pk, b.pk], "next": "/hoi-dong/?trang=2"}
    first, second = _twice(client, reverse("bulk-accept"), data)
    assert first == second == (302, "/hoi-dong/?trang=2")
    assert Transition.objects.filter(action="accept").count() == 2


def test_agenda_vote_and_close_posted_twice(client, secretary, members, make_nomination, authority):
    nom = make_nomination("in_review")
    meeting = council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp", members_present=members
    )
    detail = (302, reverse("meeting-detail", args=[meeting.pk]))
    client.force_login(secretary)
    agenda = reverse("meeting-agenda", args=[meeting.pk])
    assert _twice(client, agenda, {"nominations": [nom.pk]}) == (detail, detail)
    assert meeting.items.count() == 1
    client.force_login(members[0])
    vote = reverse("meeting-vote", args=[meeting.pk, nom.pk])
    assert _twice(client, vote, {"choice": "yes"}) == (detail, detail)
    assert BallotCast.objects.count() == 1
    for member in members[1:]:
        client.force_login(member)
        client.post(vote, {"choice": "yes"})
    client.force_login(secretary)
    assert _twice(client, reverse("meeting-close", args=[meeting.pk]), close_data(meeting)) == (
        detail,
        detail,
    )
    assert _snapshot(nom) == ("recommended", 2, 1)


@pytest.fixture
def recommended(make_nomination, authority, base_salaries):
    return [make_nomination("recommended", name=n) for n in ("Nguyễn Đình Tính", "Đoàn Thị Mai")]


def test_decision_draft_created_once(client, secretary, recommended, campaign):
    client.force_login(secretary)
    data = {
        "campaign": campaign.pk,
        "nominations": [n.pk for n in recommended],
        "title": "",
        "legal_bases": "",
        "recipients": "",
        once.FIELD: once.new_token(),
    }
    first, second = _twice(client, reverse("decision-create"), data)
    decision = Decision.objects.get()
    assert first == second == (302, reverse("decision-detail", args=[decision.pk]))


def test_decision_edit_issue_and_delete_posted_twice(
    client, secretary, chairman, recommended, campaign, make_nomination
):
    draft = decisions.draft(secretary, recommended, campaign=campaign)
    detail = (302, reverse("decision-detail", args=[draft.pk]))
    client.force_login(secretary)
    edit = {"title": "Trích yếu mới", "legal_bases": "Căn cứ A", "recipients": "Như Điều 3"}
    assert _twice(client, reverse("decision-edit", args=[draft.pk]), edit) == (detail, detail)
    confirm = {"confirm": "yes"}
    assert _twice(client, reverse("decision-submit", args=[draft.pk]), confirm) == (
        detail,
        detail,
    )
    client.force_login(chairman)
    assert _twice(client, reverse("decision-issue", args=[draft.pk]), confirm) == (
        detail,
        detail,
    )
    client.force_login(secretary)
    for step in ("decision-register", "decision-publish"):
        assert _twice(client, reverse(step, args=[draft.pk]), confirm) == (detail, detail)
    issued = Decision.objects.get()
    assert (issued.number, issued.state, Award.objects.count()) == (1, "issued", 2)
    assert set(Nomination.objects.values_list("state", flat=True)) == {"awarded"}
    assert Transition.objects.filter(action="award").count() == 2

    client.force_login(secretary)
    other = decisions.draft(
        secretary, [make_nomination("recommended", name="Ngô Thanh Thủy")], campaign=campaign
    )
    first, second = _twice(client, reverse("decision-delete", args=[other.pk]), {"confirm": "yes"})
    assert first == second == (302, reverse("decision-list"))
    assert list(Decision.objects.values_list("pk", flat=True)) == [issued.pk]


def test_suggestion_convert_and_dismiss_posted_twice(client, officer, ward, campaign):
    suggestion = Suggestion.objects.create(
        ward=ward,
        nominee_name="Trần Văn Bình",
        nominee_where="Tổ dân phố số 4",
        deeds="Ông Bình nhặt được ví và trả lại cho người đánh rơi ngay trong ngày.",
        writer_name="Lê An",
        writer_contact="0912345678",
    )
    client.force_login(officer)
    url = reverse("suggestion-convert", args=[suggestion.pk])
    first, second = _twice(client, url, {"campaign": campaign.pk})
    assert Nomination.objects.count() == 1
    # Both land on the one draft it became (a suggestion lands on its draft).
    draft = Nomination.objects.get()
    assert first == second == (302, reverse("nomination-detail", args=[draft.pk]))
    dismissed = Suggestion.objects.create(
        ward=ward, nominee_name="X", deeds="y" * 40, writer_name="Z", writer_contact="0"
    )
    url = reverse("suggestion-dismiss", args=[dismissed.pk])
    first, second = _twice(client, url)
    assert first == second == (302, reverse("suggestion-inbox"))
    dismissed.refresh_from_db()
    assert dismissed.state == "dismissed"


def test_featuring_an_exemplar_twice_keeps_it_featured(client, secretary, make_nomination):
    nom = make_nomination("awarded", consent_public=True)
    client.force_login(secretary)
    page = client.get(reverse("exemplar", args=[nom.pk, "x"]), follow=True).content.decode()
    assert '<input type="hidden" name="featured" value="1">' in page
    url = reverse("exemplar-feature", args=[nom.pk])
    first, second = _twice(client, url, {"featured": "1"})
    assert first == second
    nom.refresh_from_db()
    assert nom.featured is True


def test_deleting_a_deleted_draft_at_the_service_is_a_no_op(secretary, recommended, campaign):
    draft = decisions.draft(secretary, recommended, campaign=campaign)
    decisions.delete_draft(draft, secretary)
    decisions.delete_draft(draft, secretary)  # the second press, after the first committed
    assert not Decision.objects.exists()
