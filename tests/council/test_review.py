"""The secretary's review queue, the dossier page, accept/return/recommend, notes, dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from nominations.council import services as council
from nominations.decisions import services as decisions
from nominations.models import Nomination, ReviewNote, Transition
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 11, 23), 0),  # Monday → Monday
        (dt.date(2026, 11, 23), dt.date(2026, 11, 27), 4),  # Monday → Friday
        (dt.date(2026, 11, 27), dt.date(2026, 11, 30), 1),  # Friday → Monday: the weekend is free
        (dt.date(2026, 11, 28), dt.date(2026, 11, 29), 0),  # Saturday → Sunday
        (dt.date(2026, 11, 20), dt.date(2026, 12, 4), 10),  # two weeks
        (dt.date(2026, 11, 21), dt.date(2026, 12, 7), 11),  # Saturday → Monday two weeks on
    ],
)
def test_working_days(start, end, expected):
    assert council.working_days_between(start, end) == expected


def test_waiting_against_the_procedure_deadline(make_nomination, authority):
    authority.deadline_days_regular = 10
    authority.deadline_days_simplified = 5
    authority.save()
    today = dt.date(2026, 11, 30)  # a Monday
    regular = make_nomination("submitted", procedure="regular")
    regular.submitted_at = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)  # Friday: 6 wd
    simple = make_nomination("submitted", procedure="simplified")
    simple.submitted_at = regular.submitted_at
    assert (
        council.waiting(regular, authority, today).days,
        council.waiting(regular, authority, today).overdue,
    ) == (6, False)
    assert (
        council.waiting(simple, authority, today).limit,
        council.waiting(simple, authority, today).overdue,
    ) == (5, True)


def test_queue_lists_all_wards_with_filters_and_overdue(
    client, secretary, make_nomination, other_ward, authority
):
    late = make_nomination("submitted", name="Lê Thị Hồng", days_ago=30)
    fresh = make_nomination("in_review", name="Võ Thị Ánh", days_ago=0, in_ward=other_ward)
    make_nomination("draft", name="Trần Văn Bình")  # the ward's draft: never shown
    make_nomination("awarded", name="Nguyễn Đình Tính")
    client.force_login(secretary)
    response = client.get(reverse("review-queue"))
    rows = [nom for nom, _wait in response.context["rows"]]
    assert rows == [late, fresh]
    html = response.content.decode()
    assert html.count('class="overdue"') == 1 and "Quá hạn" in html
    assert [
        n for n, _w in client.get(reverse("review-queue"), {"ward": other_ward.pk}).context["rows"]
    ] == [fresh]
    assert [
        n for n, _w in client.get(reverse("review-queue"), {"age": "overdue"}).context["rows"]
    ] == [late]
    assert [
        n for n, _w in client.get(reverse("review-queue"), {"age": "on_time"}).context["rows"]
    ] == [fresh]
    assert [
        n for n, _w in client.get(reverse("review-queue"), {"state": "awarded"}).context["rows"]
    ][0].nominee.full_name == "Nguyễn Đình Tính"
    assert [
        n
        for n, _w in client.get(reverse("review-queue"), {"procedure": "simplified"}).context[
            "rows"
        ]
    ] == []


@pytest.mark.parametrize("count", [5, 50])
def test_queue_query_count_is_constant(
    client, secretary, make_nomination, authority, count, django_assert_max_num_queries
):
    campaign = factories.CampaignFactory()
    for index in range(count):
        make_nomination("submitted", camp=campaign, days_ago=index)
    client.force_login(secretary)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("review-queue"))
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_dashboard_query_count_is_constant(
    client, member, make_nomination, authority, count, django_assert_max_num_queries, other_ward
):
    for index in range(count):
        make_nomination(
            "submitted" if index % 2 else "in_review", in_ward=other_ward if index % 3 else None
        )
    client.force_login(member)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("council-home"))
    assert response.context["stats"]["total"] == count


def test_dashboard_counts_and_money(
    client, chairman, secretary, make_nomination, campaign, authority, base_salaries, other_ward
):
    a = make_nomination("recommended", name="Nguyễn Đình Tính")
    b = make_nomination("recommended", name="Đoàn Thị Mai", in_ward=other_ward)
    make_nomination("submitted", name="Lê Thị Hồng")
    decisions.issue(
        decisions.draft(secretary, [a, b], campaign=campaign), chairman, today=dt.date(2026, 11, 26)
    )
    client.force_login(chairman)
    stats = client.get(reverse("council-home"), {"campaign": campaign.pk}).context["stats"]
    assert dict((value, n) for value, _label, n in stats["by_state"])["awarded"] == 2
    assert stats["money_total"] == 1_520_000 and stats["award_count"] == 2
    assert [(r["ward__name"], r["total"], r["awarded"]) for r in stats["by_ward"]] == [
        ("Cát Linh", 2, 1),
        ("Thịnh Quang", 1, 1),
    ]
    html = client.get(reverse("council-home")).content.decode()
    assert "1.520.000 ₫" in html


def test_dossier_page_shows_report_photo_and_private_notes(
    client, secretary, member, make_nomination, officer
):
    nom = make_nomination(
        "submitted", name="Ngô Thanh Thủy", achievement_report="Sáu năm làm từ thiện."
    )
    ReviewNote.objects.create(nomination=nom, author=member, text="Cần xác minh thêm.")
    client.force_login(secretary)
    html = client.get(reverse("council-dossier", args=[nom.pk])).content.decode()
    assert "Ngô Thanh Thủy" in html and "Sáu năm làm từ thiện." in html
    assert "Cần xác minh thêm." in html
    client.force_login(officer)  # the ward's officer: his own dossier, but not the notes
    assert client.get(reverse("council-dossier", args=[nom.pk])).status_code == 403
    staff_page = client.get(reverse("nomination-detail", args=[nom.pk]))
    assert "Cần xác minh thêm." not in staff_page.content.decode()


def test_add_note_council_only(client, member, officer, make_nomination):
    nom = make_nomination("in_review")
    client.force_login(member)
    client.post(reverse("dossier-note", args=[nom.pk]), {"text": "Hồ sơ tốt."})
    client.post(reverse("dossier-note", args=[nom.pk]), {"text": "  "})
    client.force_login(officer)
    client.post(reverse("dossier-note", args=[nom.pk]), {"text": "Tôi ghi chú."})
    assert list(ReviewNote.objects.values_list("author", "text")) == [(member.pk, "Hồ sơ tốt.")]


def test_accept_and_refusals(client, secretary, member, chairman, make_nomination):
    nom = make_nomination("submitted")
    for user in (member, chairman):
        client.force_login(user)
        response = client.post(reverse("dossier-accept", args=[nom.pk]), follow=True)
        assert "Chỉ thư ký Hội đồng được tiếp nhận hồ sơ." in response.content.decode()
    assert Nomination.objects.get(pk=nom.pk).state == "submitted"
    client.force_login(secretary)
    client.post(reverse("dossier-accept", args=[nom.pk]))
    assert Nomination.objects.get(pk=nom.pk).state == "in_review"
    response = client.post(reverse("dossier-accept", args=[nom.pk]), follow=True)
    assert (
        "Không thể tiếp nhận hồ sơ đang ở trạng thái “Đang xét duyệt”." in response.content.decode()
    )


def test_return_with_reason_emails_the_ward(
    client, secretary, make_nomination, officer, other_officer, django_capture_on_commit_callbacks
):
    nom = make_nomination("submitted", name="Phạm Quang Vinh")
    client.force_login(secretary)
    response = client.post(reverse("dossier-return", args=[nom.pk]), {"reason": ""}, follow=True)
    assert "Cần ghi rõ lý do trả lại hồ sơ." in response.content.decode()
    assert Nomination.objects.get(pk=nom.pk).state == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dossier-return", args=[nom.pk]), {"reason": "Bổ sung xác nhận của Tổ dân phố."}
        )
    nom.refresh_from_db()
    assert (nom.state, nom.return_reason) == ("returned", "Bổ sung xác nhận của Tổ dân phố.")
    assert [m.to for m in mail.outbox] == [[officer.email]]  # not the other ward's officer
    assert "Bổ sung xác nhận của Tổ dân phố." in mail.outbox[0].body
    assert "Phạm Quang Vinh" in mail.outbox[0].subject


def test_bulk_accept(client, secretary, member, make_nomination):
    a, b = make_nomination("submitted"), make_nomination("submitted")
    c = make_nomination("in_review")
    client.force_login(member)
    client.post(reverse("bulk-accept"), {"ids": [a.pk, b.pk]})
    assert Nomination.objects.get(pk=a.pk).state == "submitted"
    client.force_login(secretary)
    response = client.post(reverse("bulk-accept"), {"ids": [a.pk, b.pk, c.pk]}, follow=True)
    html = response.content.decode()
    assert "Đã tiếp nhận 2 hồ sơ." in html
    assert "Không thể tiếp nhận hồ sơ" in html  # c was already in review
    assert sorted(Nomination.objects.values_list("state", flat=True)) == ["in_review"] * 3
    assert Transition.objects.filter(action="accept", actor=secretary).count() == 2


def test_simplified_recommended_directly(client, secretary, make_nomination, open_kind):
    simple = make_nomination("submitted", procedure="simplified", award_kind=open_kind)
    regular = make_nomination("in_review", procedure="regular", award_kind=open_kind)
    client.force_login(secretary)
    client.post(reverse("dossier-recommend", args=[simple.pk]))
    response = client.post(reverse("dossier-recommend", args=[regular.pk]), follow=True)
    assert "phải qua biểu quyết của Hội đồng" in response.content.decode()
    assert Nomination.objects.get(pk=simple.pk).state == "recommended"
    assert Nomination.objects.get(pk=regular.pk).state == "in_review"


def test_return_reason_comment_and_note_are_normalised_like_every_form_field(
    client, secretary, make_nomination, open_kind
):
    """These three texts were read from the POST as typed, outside any form: a reason pasted
    from Word with a NUL answered 500 (PostgreSQL refuses NUL), a vertical tab was stored, a
    lone zero-width space made a note that shows nothing."""
    client.force_login(secretary)
    returned = make_nomination("submitted")
    response = client.post(
        reverse("dossier-return", args=[returned.pk]),
        {"reason": " Thiếu\x0bgiấy tờ\x00 xác nhận\u200b\r\nCủa tổ "},
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert (returned.state, returned.return_reason) == (
        "returned",
        "Thiếu\ngiấy tờ xác nhận\nCủa tổ",
    )
    noted = make_nomination("in_review")
    client.post(reverse("dossier-note", args=[noted.pk]), {"text": "Ghi\x0bchú\x00"})
    client.post(reverse("dossier-note", args=[noted.pk]), {"text": "\u200b\ufeff"})
    assert list(ReviewNote.objects.values_list("text", flat=True)) == ["Ghi\nchú"]
    simple = make_nomination("submitted", procedure="simplified", award_kind=open_kind)
    client.post(reverse("dossier-recommend", args=[simple.pk]), {"comment": "Đề\x0bnghị\x00"})
    simple.refresh_from_db()
    assert simple.state == "recommended"
    assert simple.transitions.order_by("-pk").first().comment == "Đề\nnghị"
