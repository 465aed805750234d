"""One factory per model. Tests build real rows in PostgreSQL with these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from campaigns import law
from campaigns.models import AwardKind, BaseSalary, Campaign, LegalText
from emulation.models import Authority, Holiday, User, Ward
from nominations.models import Award, Decision, DecisionState, Nomination, Nominee
from nominations.models.decision import DecisionKind

PASSWORD = "mat-khau-thu-nghiem-2026"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("name",)

    name = "Ủy ban nhân dân quận Đống Đa"
    short_name = "Quận Đống Đa"
    parent_name = "Ủy ban nhân dân thành phố Hà Nội"
    place = "Đống Đa"
    chairman_name = "Lê Tuấn Định"


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Phường số {n}")
    code = factory.Sequence(lambda n: f"W{n:03d}")


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    date = dt.date(2026, 4, 30)
    name = "Ngày Chiến thắng"
    kind = Holiday.Kind.OFF


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ Số {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    role = "ward_officer"
    ward = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == "ward_officer"),
        factory.SubFactory(WardFactory),
        None,
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AwardKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardKind
        django_get_or_create = ("name",)

    name = "Giấy khen của Chủ tịch UBND quận"
    form = "commendation"
    for_individual = True
    for_collective = True
    for_household = True
    coefficient_individual = Decimal("0.3")
    coefficient_collective = Decimal("0.6")
    coefficient_household = Decimal("0.6")
    secret_ballot = False
    allows_simplified = True


def base_salaries() -> list[BaseSalary]:
    """The law's base-salary table (campaigns.law, as the migration installs it): 1,800,000 ₫
    from 01/7/2023, 2,340,000 ₫ from 01/7/2024, 2,530,000 ₫ from 01/7/2026; and the legal
    texts decisions cite."""
    law.install(BaseSalary, LegalText)
    return list(BaseSalary.objects.order_by("valid_from"))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Người tốt, việc tốt đợt {n}")
    launched_by = "Ủy ban nhân dân quận Đống Đa"
    kind = "thematic"
    status = "open"
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))

    @factory.post_generation
    def award_kinds(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.award_kinds.set(extracted if extracted is not None else [AwardKindFactory()])


class NomineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nominee

    ward = factory.SubFactory(WardFactory)
    kind = "individual"
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người{n}")
    gender = "male"
    birth_year = 1970
    position = "Tổ trưởng tổ dân phố"
    workplace = "Tổ dân phố số 3"
    phone = "0912345678"


class NominationFactory(factory.django.DjangoModelFactory):
    """A complete dossier in the given state (draft by default)."""

    class Meta:
        model = Nomination

    ward = factory.SubFactory(WardFactory)
    campaign = factory.SubFactory(CampaignFactory)
    nominee = factory.SubFactory(NomineeFactory, ward=factory.SelfAttribute("..ward"))
    award_kind = factory.LazyAttribute(lambda o: o.campaign.award_kinds.first())
    procedure = "regular"
    field = "community"
    public_summary = "Nhiều năm vận động bà con giữ gìn vệ sinh ngõ phố."
    achievement_report = "Báo cáo thành tích chi tiết."
    consent_public = True
    consent_photo = factory.SelfAttribute("consent_public")
    consent_story = factory.SelfAttribute("consent_public")
    # A story given to the factory stands for one a staff member approved (nominations.consent).
    story_approved_at = factory.LazyAttribute(
        lambda o: dt.datetime(2026, 10, 1, tzinfo=dt.UTC) if getattr(o, "story", "") else None
    )
    state = "draft"
    # The unit's own review (biên bản họp xét), typed: a regular dossier needs it to be submitted.
    unit_review_on = dt.date(2026, 3, 2)
    unit_review_attendees = 9
    unit_review_votes_for = 8
    unit_review_votes_total = 9

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.refresh_search_text()
        obj.save()
        return obj


class DecisionFactory(factory.django.DjangoModelFactory):
    """A draft award decision; ``issued=True`` gives it a number, a date and the issued state
    directly (the chairman's path through nominations.decisions belongs to the council tests)."""

    class Meta:
        model = Decision

    class Params:
        issued = factory.Trait(
            state=DecisionState.ISSUED,
            decided_on=dt.date(2026, 10, 15),
            year=2026,
            number=factory.Sequence(lambda n: n + 1),
        )

    authority = factory.SubFactory(AuthorityFactory)
    kind = DecisionKind.AWARD
    title = factory.Sequence(lambda n: f"Về việc khen thưởng đợt {n}")
    symbol = "QĐ-UBND"


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    decision = factory.SubFactory(DecisionFactory)
    nomination = factory.SubFactory(NominationFactory)
