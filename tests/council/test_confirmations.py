"""Irreversible actions ask first and name what will happen (issue #12, item 6).

Signing, closing a meeting and deleting a draft each answer a GET (or a POST without
``confirm=yes``) with a page that says what will happen; only the confirmed POST acts. Warnings
must be acknowledged by a tick, recorded with the signer's name.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from emulation.models import RegisterCounter
from nominations.council import services as council
from nominations.decisions import services as decisions
from nominations.models import Decision, Meeting
from tests import factories
from tests.council.conftest import close_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def chairman_named(chairman):
    chairman.full_name = "Trần Văn Chủ"
    chairman.save()
    return chairman


@pytest.fixture
def plain_draft(secretary, make_nomination, campaign, authority, base_salaries):
    RegisterCounter.objects.create(
        doc_type="QĐ", authority=authority, year=timezone.localdate().year, last_number=125
    )
    noms = [make_nomination("recommended", name=n) for n in ("Đoàn Thị Mai", "Ngô Thanh Thủy")]
    return decisions.submit(decisions.draft(secretary, noms, campaign=campaign), secretary)


@pytest.fixture
def warned_draft(secretary, make_nomination, authority, base_salaries):
    """One "Chiến sĩ thi đua cơ sở" for one "Lao động tiên tiến": over the 15 % quota."""
    ldtt = factories.AwardKindFactory(
        name="Lao động tiên tiến", form="title", for_collective=False, for_household=False
    )
    cstd = factories.AwardKindFactory(
        name="Chiến sĩ thi đua cơ sở",
        form="title",
        for_collective=False,
        for_household=False,
        coefficient_individual=Decimal("1.0"),
        quota_percent=Decimal("15"),
        quota_base=ldtt,
    )
    campaign = factories.CampaignFactory(award_kinds=[ldtt, cstd])
    noms = [
        make_nomination("recommended", award_kind=ldtt, camp=campaign),
        make_nomination("recommended", award_kind=cstd, camp=campaign),
    ]
    return decisions.submit(decisions.draft(secretary, noms, campaign=campaign), secretary)


QUOTA = (
    "Vượt tỷ lệ tại Cát Linh năm 2026: 1 “Chiến sĩ thi đua cơ sở” trong khi tối đa 15% của 1 “Lao động tiên tiến” "
    "(tối đa 0,15)."
)


def test_signing_asks_first_and_leaves_the_number_to_registration(
    client, plain_draft, chairman_named
):
    client.force_login(chairman_named)
    url = reverse("decision-issue", args=[plain_draft.pk])
    for response in (client.get(url), client.post(url)):  # a POST without confirm only asks
        html = response.content.decode()
        assert response.status_code == 200
        assert f"Ký quyết định “{plain_draft.title}”." in html
        assert (
            "Số và ngày của quyết định do văn thư cấp khi vào sổ, sau khi ký; bản ký để trống "
            "số và ngày."
        ) in html
        assert "2 khen thưởng, tổng tiền thưởng 1.520.000 ₫" in html
        assert 'name="acknowledge"' not in html  # no warning, no tick
        assert 'name="on_paper"' in html
    assert Decision.objects.get(pk=plain_draft.pk).state == "submitted"
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Đã ký quyết định; văn thư vào sổ để lấy số và ngày." in response.content.decode()
    signed = Decision.objects.get(pk=plain_draft.pk)
    assert (signed.state, signed.reference, signed.acknowledged_warnings) == ("signed", "", "")
    assert RegisterCounter.objects.get().last_number == 125


def test_registering_asks_first_and_names_the_number_and_date(
    client, plain_draft, chairman, secretary
):
    decisions.sign(plain_draft, chairman)
    client.force_login(secretary)
    url = reverse("decision-register", args=[plain_draft.pk])
    day = timezone.localdate().strftime("%d/%m/%Y")
    for response in (client.get(url), client.post(url)):
        html = response.content.decode()
        assert response.status_code == 200
        assert f"Vào sổ sẽ lấy số 126/QĐ-UBND ngày {day}." in html
        assert 'name="number"' in html
        assert 'name="certificate"' not in html  # unsigned: no seal asked
    assert RegisterCounter.objects.get().last_number == 125
    response = client.post(url, {"confirm": "yes", "number": "abc"})
    assert "Số văn bản phải là số nguyên." in response.content.decode()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert f"Đã vào sổ Quyết định số 126/QĐ-UBND ngày {day}." in response.content.decode()
    again = client.get(url, follow=True).content.decode()
    assert "Quyết định đã được vào sổ số 126/QĐ-UBND, không vào sổ lại." in again


def test_a_number_taken_is_refused_on_the_registration_page(
    client, plain_draft, chairman, secretary, authority
):
    from emulation import numbering

    numbering.register(
        authority=authority, doc_type="QĐ", symbol="QĐ-UBND", on=timezone.localdate(), number=5
    )
    decisions.sign(plain_draft, chairman)
    client.force_login(secretary)
    url = reverse("decision-register", args=[plain_draft.pk])
    response = client.post(url, {"confirm": "yes", "number": "5"})
    year = timezone.localdate().year
    assert f"Số 05/QĐ-UBND năm {year} đã được vào sổ ngày" in response.content.decode()
    assert Decision.objects.get(pk=plain_draft.pk).state == "signed"
    response = client.post(url, {"confirm": "yes", "number": "6"})  # not the next: asked again
    assert "Vào sổ sẽ lấy số 06/QĐ-UBND ngày" in response.content.decode()
    client.post(url, {"confirm": "yes", "number": "6", "number_seen": "6"})
    assert Decision.objects.get(pk=plain_draft.pk).reference == "06/QĐ-UBND"


def test_publishing_asks_first_and_names_how_many_go_public(
    client, plain_draft, chairman, secretary
):
    decisions.register(decisions.sign(plain_draft, chairman), secretary)
    first = plain_draft.awards.order_by("pk").first().nomination
    type(first).objects.filter(pk=first.pk).update(consent_public=False)
    client.force_login(secretary)
    url = reverse("decision-publish", args=[plain_draft.pk])
    html = client.get(url).content.decode()
    assert "Phát hành sẽ công khai 1 gương trên trang công khai (2 khen thưởng;" in html
    assert Decision.objects.get(pk=plain_draft.pk).state == "registered"
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Đã phát hành Quyết định số 126/QĐ-UBND." in response.content.decode()
    assert Decision.objects.get(pk=plain_draft.pk).state == "issued"


def test_detail_page_links_to_the_question_not_to_the_act(client, plain_draft, chairman_named):
    client.force_login(chairman_named)
    html = client.get(reverse("decision-detail", args=[plain_draft.pk])).content.decode()
    issue_url = reverse("decision-issue", args=[plain_draft.pk])
    assert f'href="{issue_url}" data-testid="issue"' in html
    assert f'action="{issue_url}"' not in html


def test_warnings_must_be_ticked_and_are_recorded_with_the_name(
    client, warned_draft, chairman_named
):
    client.force_login(chairman_named)
    url = reverse("decision-issue", args=[warned_draft.pk])
    html = client.get(url).content.decode()
    assert QUOTA in html
    assert "Tôi, Trần Văn Chủ, đã xem xét các cảnh báo trên và vẫn quyết định ký ban hành." in html
    # Confirmed without the tick: refused, asked again, nothing numbered.
    response = client.post(url, {"confirm": "yes", "warning": [QUOTA]})
    assert response.status_code == 200
    assert "đánh dấu ô xác nhận đã đọc các cảnh báo" in response.content.decode()
    assert Decision.objects.get(pk=warned_draft.pk).state == "submitted"
    # Ticked, but for other warnings than those in force now: refused too.
    client.post(url, {"confirm": "yes", "acknowledge": "yes", "warning": ["Cảnh báo cũ"]})
    assert Decision.objects.get(pk=warned_draft.pk).state == "submitted"
    assert not RegisterCounter.objects.exists()
    client.post(url, {"confirm": "yes", "acknowledge": "yes", "warning": [QUOTA]})
    issued = Decision.objects.get(pk=warned_draft.pk)
    assert (issued.state, issued.acknowledged_warnings, issued.acknowledged_by_name) == (
        "signed",
        QUOTA,
        "Trần Văn Chủ",
    )


def test_service_refuses_unacknowledged_warnings(warned_draft, chairman):
    with pytest.raises(decisions.UnacknowledgedWarnings) as refused:
        decisions.issue(warned_draft, chairman)
    assert refused.value.warnings == [QUOTA]
    assert Decision.objects.get(pk=warned_draft.pk).state == "submitted"
    assert decisions.issue(warned_draft, chairman, acknowledged=[QUOTA]).is_issued


@pytest.mark.parametrize("who", ["secretary", "member"])
def test_only_the_chairman_is_asked_to_sign(client, plain_draft, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("decision-issue", args=[plain_draft.pk])
    response = client.get(url, follow=True)
    assert "Chỉ Chủ tịch hoặc Phó Chủ tịch được ký quyết định." in response.content.decode()
    client.post(url, {"confirm": "yes"})
    assert Decision.objects.get(pk=plain_draft.pk).state == "submitted"


def test_deleting_a_draft_asks_first(client, plain_draft, secretary, member, chairman):
    decisions.send_back(plain_draft, chairman, "Chưa đủ căn cứ")  # a draft again
    url = reverse("decision-delete", args=[plain_draft.pk])
    client.force_login(member)
    response = client.get(url, follow=True)
    assert "Chỉ thư ký Hội đồng được xóa dự thảo." in response.content.decode()
    client.force_login(secretary)
    html = client.get(url).content.decode()
    assert f"Xóa dự thảo “{plain_draft.title}”. Không thể hoàn tác." in html
    assert "Dự thảo và danh sách 2 khen thưởng bị xóa" in html
    client.post(url)  # not confirmed
    assert Decision.objects.filter(pk=plain_draft.pk).exists()
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "Đã xóa dự thảo." in response.content.decode()
    assert not Decision.objects.filter(pk=plain_draft.pk).exists()


def test_closing_a_meeting_asks_first_with_the_votes_so_far(
    client, secretary, member, make_nomination, authority
):
    nom = make_nomination("in_review", name="Lê Văn Hòa")
    meeting = council.create_meeting(
        secretary,
        held_at=timezone.now() - dt.timedelta(hours=1),
        place="Phòng họp",
        members_present=[member],
        opinions={},
    )
    council.add_to_agenda(meeting, [nom], secretary)
    council.cast_vote(meeting, nom.pk, member, "yes", "")
    url = reverse("meeting-close", args=[meeting.pk])
    client.force_login(member)
    response = client.get(url, follow=True)
    assert "Chỉ thư ký Hội đồng được kết thúc cuộc họp." in response.content.decode()
    client.force_login(secretary)
    html = client.get(url).content.decode()
    members = council.active_members().count()
    assert (
        f"Lê Văn Hòa: 1/{members} thành viên đã biểu quyết, 0 không tham gia do xung đột lợi "
        "ích." in html
    )
    assert "Kiểm phiếu 1 hồ sơ và ghi kết quả vào từng hồ sơ. Không thể hoàn tác." in html
    assert Meeting.objects.get(pk=meeting.pk).state == "open"
    client.post(url, close_data(meeting))
    assert Meeting.objects.get(pk=meeting.pk).state == "closed"
    response = client.get(url, follow=True)
    assert "Cuộc họp đã kết thúc." in response.content.decode()


def test_a_draft_edited_after_the_question_is_not_signed_unread(
    client, plain_draft, chairman_named, secretary
):
    """The chairman opens the question ("2 khen thưởng"), the secretary then drops an awardee
    and retitles the draft: the confirmed POST used to sign what he was never shown."""
    client.force_login(chairman_named)
    url = reverse("decision-issue", args=[plain_draft.pk])
    html = client.get(url).content.decode()
    assert "2 khen thưởng" in html
    seen = decisions.fingerprint(plain_draft)
    assert f'name="seen" value="{seen}"' in html
    dropped = plain_draft.awards.order_by("pk").first()
    decisions.send_back(plain_draft, chairman_named, "Bỏ một người, sửa trích yếu")
    decisions.update_draft(
        plain_draft,
        secretary,
        title="Trích yếu khác",
        legal_bases="",
        recipients="",
        remove=[dropped.pk],
    )
    decisions.submit(plain_draft, secretary)
    response = client.post(url, {"confirm": "yes", "seen": seen})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dự thảo đã được sửa sau khi trang này được mở." in html
    assert "1 khen thưởng" in html and "Trích yếu khác" in html  # asked again, as it is now
    assert Decision.objects.get(pk=plain_draft.pk).state == "submitted"
    fresh = decisions.fingerprint(Decision.objects.get(pk=plain_draft.pk))
    client.post(url, {"confirm": "yes", "seen": fresh})
    assert Decision.objects.get(pk=plain_draft.pk).state == "signed"


@pytest.fixture
def english(client):
    """The signer's interface in English; the thread's language restored afterwards (the
    locale middleware leaves the last request's language active for the tests that follow)."""
    client.cookies["django_language"] = "en"
    yield
    translation.activate("vi")


def test_warnings_read_in_english_are_recorded_in_vietnamese(
    client, english, warned_draft, chairman_named
):
    """The decision is a Vietnamese record whatever the signer's interface language: the
    warnings he acknowledged in English used to be stored in English."""
    client.force_login(chairman_named)
    url = reverse("decision-issue", args=[warned_draft.pk])
    html = client.get(url).content.decode()
    english = (
        "Quota exceeded in Cát Linh for 2026: 1 “Chiến sĩ thi đua cơ sở” while at most 15% of 1"
    )
    assert english in html
    shown = [html_text.unescape(w) for w in re.findall(r'name="warning" value="([^"]*)"', html)]
    assert shown[0].startswith(english)
    client.post(url, {"confirm": "yes", "acknowledge": "yes", "warning": shown})
    issued = Decision.objects.get(pk=warned_draft.pk)
    assert (issued.state, issued.acknowledged_warnings) == ("signed", QUOTA)
