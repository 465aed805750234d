import datetime as dt

import pytest
from django.core.management import call_command

from campaigns.models import AwardKind, BaseSalary, Campaign
from emulation.models import Authority, User, Ward
from nominations.models import Award, Decision, Nomination, Transition


def _counts() -> dict[str, int]:
    return {
        "authorities": Authority.objects.count(),
        "wards": Ward.objects.count(),
        "award_kinds": AwardKind.objects.count(),
        "base_salaries": BaseSalary.objects.count(),
        "campaigns": Campaign.objects.count(),
        "users": User.objects.count(),
        "nominations": Nomination.objects.count(),
        "awarded": Nomination.objects.filter(state="awarded").count(),
        "decisions": Decision.objects.count(),
        "awards": Award.objects.count(),
        "transitions": Transition.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_creates_what_it_promises_and_is_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    assert first == {
        "authorities": 1,
        "wards": 21,
        "award_kinds": 6,
        "base_salaries": 3,
        "campaigns": 9,
        "users": 12,
        "nominations": 10,
        "awarded": 5,
        "decisions": 1,
        "awards": 5,
        "transitions": 5 * 4 + 0 + 1 + 2 + 2 + 3,
    }
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first

    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {"admin", "secretary", "member", "chairman", "deputy", "ward_officer"}
    # The roles that must give a two-factor code share the published demo key (README).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    demo_keys = dict(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", "key"))
    assert demo_keys == {
        "chutich": "99d03a014723667a39a6",
        "phochutich": "99d03a014723667a39a6",
        "thuky": "99d03a014723667a39a6",
    }
    assert User.objects.filter(role="ward_officer").values("ward").distinct().count() >= 2
    decision = Decision.objects.get()
    assert decision.reference == "125/QĐ-UBND"
    # Decided 15/10/2026: 0.3 × 2,530,000 = 759,000 → 760,000 ₫ (Nghị định 161/2026/NĐ-CP)
    assert sorted(Award.objects.values_list("amount", flat=True)) == [760_000] * 5
    assert decision.authority_name == Authority.objects.get().name  # frozen like issue()
    assert sorted(Award.objects.values_list("list_number", flat=True)) == [1, 2, 3, 4, 5]
    assert ("Nguyễn Đình Tính", "Cát Linh") in Award.objects.values_list(
        "awardee_name", "unit_name"
    )
    tinh = Nomination.objects.get(nominee__full_name="Nguyễn Đình Tính")
    assert tinh.ward.name == "Cát Linh"
    assert tinh.photo and tinh.photo_medium and tinh.photo_thumb
    assert tinh.thumb_width <= 480
    assert sorted(Ward.objects.values_list("name", flat=True))[:3] == [
        "Cát Linh",
        "Hàng Bột",
        "Khâm Thiên",
    ]
    assert Ward.objects.get(name="Ô Chợ Dừa").slug == "o-cho-dua"


@pytest.mark.django_db
def test_demo_dossiers_tell_one_timeline():
    """Nothing is awarded before it was filed: submission, each step, then the award."""
    from django.utils import timezone

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    checked = 0
    for nom in Nomination.objects.exclude(state="draft").prefetch_related("transitions"):
        times = [t.at for t in nom.transitions.all()]
        assert times == sorted(times), nom
        assert times[0] == nom.submitted_at, nom
        assert times[-1] <= timezone.now(), nom
        if nom.state == "awarded":
            assert timezone.localtime(nom.submitted_at).date() < nom.awarded_on, nom
            assert timezone.localtime(times[-1]).date() == nom.awarded_on, nom
            checked += 1
    tinh = Nomination.objects.get(nominee__full_name="Nguyễn Đình Tính")
    assert (timezone.localtime(tinh.submitted_at).date(), tinh.awarded_on) == (
        dt.date(2026, 9, 24),
        dt.date(2026, 10, 15),
    )
    assert checked >= 5


@pytest.mark.django_db
def test_demo_dates_a_user_sees_agree_with_the_history():
    """The list's "Cập nhật" is the last step of the history, a dossier is drafted before it is
    filed, and the decision was drafted before it was signed (issue #16: demo data contradict
    themselves)."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for nom in Nomination.objects.exclude(state="draft").prefetch_related("transitions"):
        last = max(t.at for t in nom.transitions.all())
        assert nom.updated_at == last, nom
        assert nom.created_at < nom.submitted_at, nom
    decision = Decision.objects.get()
    assert decision.created_at < decision.issued_at
