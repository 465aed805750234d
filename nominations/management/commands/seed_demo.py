"""Load the demo data set. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from campaigns import law
from campaigns.models import AwardKind, BaseSalary, Campaign, LegalText, NomineeKind
from campaigns.money import award_money
from emulation import numbering
from emulation.accounts import services as two_factor
from emulation.models import Authority, DocumentType, Holiday, User, Ward
from emulation.text import vn_slugify
from nominations.decisions import services as decisions
from nominations.files.images import attach_photo
from nominations.management import demo_data, demo_ward2026
from nominations.management.portraits import portrait_bytes
from nominations.models import (
    Award,
    Decision,
    DecisionState,
    Nomination,
    NominationState,
    Nominee,
    Procedure,
    Transition,
)

S = NominationState
PATHS: dict[str, list[tuple[str, str, str]]] = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", S.DRAFT, S.SUBMITTED)],
    S.RETURNED: [("submit", S.DRAFT, S.SUBMITTED), ("return", S.SUBMITTED, S.RETURNED)],
    S.IN_REVIEW: [("submit", S.DRAFT, S.SUBMITTED), ("accept", S.SUBMITTED, S.IN_REVIEW)],
    S.RECOMMENDED: [
        ("submit", S.DRAFT, S.SUBMITTED),
        ("accept", S.SUBMITTED, S.IN_REVIEW),
        ("recommend", S.IN_REVIEW, S.RECOMMENDED),
    ],
    S.AWARDED: [
        ("submit", S.DRAFT, S.SUBMITTED),
        ("accept", S.SUBMITTED, S.IN_REVIEW),
        ("recommend", S.IN_REVIEW, S.RECOMMENDED),
        ("award", S.RECOMMENDED, S.AWARDED),
    ],
}

# The demo profiles (README "Demo profiles"): the data module each one loads.
PROFILES: dict[str, ModuleType] = {"district-2025": demo_data, "ward-2026": demo_ward2026}
DEFAULT_PROFILE = "district-2025"

# When each step of a demo dossier happened, after its submission.
STEP_AFTER_SUBMISSION = {
    "submit": dt.timedelta(0),
    "accept": dt.timedelta(days=2),
    "return": dt.timedelta(days=2),
    "recommend": dt.timedelta(days=6),
}


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: quận Đống Đa với 21 phường (mặc định, mô hình trước ngày 01/7/2025), "
        "hoặc --profile ward-2026: phường Đống Đa với các tổ dân phố, trường, trạm y tế, hội."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--profile",
            choices=sorted(PROFILES),
            default=DEFAULT_PROFILE,
            help="Bộ dữ liệu mẫu (mặc định: %(default)s).",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        self.data = data = PROFILES[options["profile"]]
        authority = self._authority()
        wards = self._wards()
        kinds = self._award_kinds()
        self._base_salaries()
        self._holidays()
        campaigns = self._campaigns(kinds)
        users = self._users(wards)
        good_deeds = campaigns[data.GOOD_DEEDS]
        giay_khen = kinds[data.GIAY_KHEN]
        officers = {u.ward.name: u for u in users.values() if u.ward is not None}
        decision = self._decision(authority, good_deeds, users)
        for person in data.HONOUREES:
            nomination = self._nomination(
                person, wards, good_deeds, giay_khen, officers, users, S.AWARDED, photo=True
            )
            self._award(decision, nomination)
        self._number_list(decision)
        for person in data.IN_PROGRESS:
            self._nomination(
                person,
                wards,
                campaigns[person["campaign"]],
                giay_khen,
                officers,
                users,
                person["state"],
                photo=False,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu {options['profile']}: {authority.name}, "
                f"{Ward.objects.count()} {authority.unit_word}, "
                f"{Campaign.objects.count()} phong trào, "
                f"{User.objects.count()} tài khoản, "
                f"{Nomination.objects.filter(state=S.AWARDED).count()} gương đã khen thưởng."
            )
        )
        self.stdout.write(
            "Xác thực hai lớp của tài khoản mẫu chutich, phochutich, thuky: thêm khóa "
            f"{two_factor.DEMO_SECRET} vào ứng dụng xác thực, hoặc lấy mã hiện tại bằng "
            "`python manage.py demo_code` (xem README.md)."
        )

    def _authority(self) -> Authority:
        """The profile's authority, current. Refused when the database holds another
        authority: two profiles share usernames and campaign names, so mixed they would tell
        neither story (docs/decisions.md, "Two demo profiles")."""
        name = self.data.AUTHORITY["name"]
        other = Authority.objects.exclude(name=name).order_by("pk").first()
        if other is not None:
            raise CommandError(
                f"Cơ sở dữ liệu đã có cơ quan “{other.name}”: bộ dữ liệu mẫu “{name}” cần một "
                "cơ sở dữ liệu mới (xem README.md, mục “Hai bộ dữ liệu mẫu”)."
            )
        authority, _ = Authority.objects.update_or_create(
            name=name, defaults={**self.data.AUTHORITY, "is_current": True}
        )
        return authority

    def _wards(self) -> dict[str, Ward]:
        wards = {}
        for index, name in enumerate(self.data.WARDS, start=1):
            ward, _ = Ward.objects.get_or_create(
                name=name,
                defaults={
                    "code": f"{self.data.WARD_CODE_PREFIX}{index:02d}",
                    "slug": vn_slugify(name),
                },
            )
            wards[name] = ward
        return wards

    def _award_kinds(self) -> dict[str, AwardKind]:
        kinds = {}
        for name, fields in self.data.AWARD_KINDS.items():
            kind, _ = AwardKind.objects.get_or_create(
                name=name, defaults={**fields, **law.award_kind_law(name)}
            )
            kinds[name] = kind
        if self.data.QUOTA_KINDS:  # (capped kind, the kind its cap is counted on)
            capped, base = self.data.QUOTA_KINDS
            quota = kinds[capped]
            if quota.quota_base_id is None:
                quota.quota_base = kinds[base]
                quota.save(update_fields=["quota_base"])
        return kinds

    def _base_salaries(self) -> None:
        """The law's rows (base salaries, legal texts): campaigns.law, as the migration."""
        law.install(BaseSalary, LegalText)

    def _holidays(self) -> None:
        """Adds the missing days only: what the administrator corrected stays as it is."""
        for day, name, kind in self.data.HOLIDAYS:
            Holiday.objects.get_or_create(date=day, defaults={"name": name, "kind": kind})

    def _campaigns(self, kinds: dict[str, AwardKind]) -> dict[str, Campaign]:
        campaigns = {}
        for spec in self.data.CAMPAIGNS:
            fields = {k: v for k, v in spec.items() if k != "awards"}
            campaign, created = Campaign.objects.get_or_create(
                name=spec["name"], opens_on=spec["opens_on"], defaults=fields
            )
            if created:
                campaign.award_kinds.set([kinds[name] for name in spec["awards"]])
            campaigns[spec["name"]] = campaign
        return campaigns

    def _users(self, wards: dict[str, Ward]) -> dict[str, User]:
        users = {}
        for spec in self.data.USERS:
            fields = dict(spec)
            username = fields.pop("username")
            ward_name = fields.pop("ward", None)
            fields["ward"] = wards[ward_name] if ward_name else None
            fields["email"] = f"{username}@dongda.example.vn"
            user, created = User.objects.get_or_create(username=username, defaults=fields)
            if created:
                user.set_password(self.data.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if two_factor.requires_two_factor(user):
                two_factor.demo_device(user, two_factor.DEMO_KEY_HEX)
            users[username] = user
        return users

    def _decision(
        self, authority: Authority, campaign: Campaign, users: dict[str, User]
    ) -> Decision:
        spec = self.data.DECISION
        year = spec["decided_on"].year
        decision, created = Decision.objects.get_or_create(
            authority=authority,
            year=year,
            number=spec["number"],
            defaults=dict(
                campaign=campaign,
                title=spec["title"],
                state=DecisionState.ISSUED,
                decided_on=spec["decided_on"],
                symbol=authority.decision_symbol,
                authority_name=authority.name,
                authority_short_name=authority.short_name,
                authority_parent_name=authority.parent_name,
                authority_place=authority.place,
                authority_level_label=authority.level_label,
                authority_unit_label=authority.unit_label,
                authority_council_name=authority.council,
                campaign_name=campaign.name,
                campaign_year=campaign.year,
                signer_name=users["chutich"].full_name,
                signer_title=authority.chairman_title,
                legal_bases=spec["legal_bases"],
                recipients=spec["recipients"],
                created_by=users["thuky"],
                issued_by=users["chutich"],
                issued_at=timezone.make_aware(
                    dt.datetime.combine(spec["decided_on"], dt.time(9, 0))
                ),
            ),
        )
        if created:  # drafted three days before it was signed (auto_now_add otherwise)
            assert decision.issued_at is not None  # set above
            Decision.objects.filter(pk=decision.pk).update(
                created_at=decision.issued_at - dt.timedelta(days=3)
            )
        if created and decision.register_entry_id is None:
            # Published: entered in the authority's register under its own number.
            entry = numbering.register(
                authority=authority,
                doc_type=DocumentType.DECISION,
                symbol=decision.symbol,
                on=spec["decided_on"],
                subject=decision.title,
                signer_name=decision.signer_name,
                by=users["thuky"],
                number=spec["number"],
            )
            Decision.objects.filter(pk=decision.pk).update(
                register_entry=entry,
                registered_by=users["thuky"],
                registered_at=decision.issued_at,
                published_by=users["thuky"],
                published_at=decision.issued_at,
            )
        return decision

    def _nomination(
        self,
        person: dict[str, Any],
        wards: dict[str, Ward],
        campaign: Campaign,
        award_kind: AwardKind,
        officers: dict[str, User],
        users: dict[str, User],
        state: str,
        photo: bool,
    ) -> Nomination:
        ward = wards[person["ward"]]
        nominee, _ = Nominee.objects.get_or_create(
            ward=ward,
            full_name=person["full_name"],
            defaults=dict(
                kind=NomineeKind.INDIVIDUAL,
                gender=person["gender"],
                birth_year=person["birth_year"],
                position=person["position"],
                workplace=person.get("workplace", ""),
                phone="09" + str(abs(hash(person["full_name"])) % 10**8).zfill(8),
            ),
        )
        existing = Nomination.objects.filter(nominee=nominee, campaign=campaign).first()
        if existing:
            return existing
        officer = officers[ward.name]
        nomination = Nomination(
            ward=ward,
            campaign=campaign,
            nominee=nominee,
            award_kind=award_kind,
            procedure=Procedure.SIMPLIFIED,
            field=person["field"],
            public_summary=person["summary"],
            story=person.get("story", ""),
            achievement_report=person.get("story", person["summary"]),
            consent_public=True,
            consent_photo=True,
            consent_story=True,
            # The demo's stories stand as approved by the ward's officer (nominations.consent).
            story_approved_by=officer if person.get("story") else None,
            story_approved_at=timezone.now() if person.get("story") else None,
            featured=person.get("featured", False),
            state=state,
            created_by=officer,
            return_reason=person.get("reason", ""),
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2026, 6, 30),
        )
        # One timeline per dossier: an awarded one was filed three weeks before the decision,
        # the others twelve days ago; each later step a few days after the one before.
        decided = timezone.make_aware(
            dt.datetime.combine(self.data.DECISION["decided_on"], dt.time(9, 0))
        )
        if state == S.AWARDED:
            nomination.submitted_at = decided - dt.timedelta(days=21)
            nomination.awarded_on = self.data.DECISION["decided_on"]
        elif state != S.DRAFT:
            nomination.submitted_at = timezone.now() - dt.timedelta(days=12)
        if photo:
            attach_photo(nomination, portrait_bytes(person["full_name"]))
        nomination.refresh_search_text()
        nomination.save()
        for action, before, after in PATHS[state]:
            actor = (
                officer
                if action == "submit"
                else (users["chutich"] if action == "award" else users["thuky"])
            )
            step = Transition.objects.create(
                nomination=nomination,
                actor=actor,
                action=action,
                from_state=before,
                to_state=after,
                comment=person.get("reason", "") if action == "return" else "",
            )
            assert nomination.submitted_at is not None  # every path starts with "submit"
            at = (
                decided
                if action == "award"
                else nomination.submitted_at + STEP_AFTER_SUBMISSION[action]
            )
            Transition.objects.filter(pk=step.pk).update(at=at)  # `at` is auto_now_add
        if nomination.submitted_at is not None:
            # Drafted two days before filing, last touched by the history's last step (what
            # the ward list shows as "Cập nhật"); update() skips auto_now.
            Nomination.objects.filter(pk=nomination.pk).update(
                created_at=nomination.submitted_at - dt.timedelta(days=2),
                updated_at=nomination.transitions.latest("at").at,
            )
        return nomination

    def _award(self, decision: Decision, nomination: Nomination) -> None:
        if Award.objects.filter(decision=decision, nomination=nomination).exists():
            return
        assert nomination.award_kind is not None and decision.decided_on is not None  # demo data
        coefficient = nomination.award_kind.coefficient_for(nomination.nominee.kind)
        amount, base = award_money(coefficient, decision.decided_on)
        award = Award(
            decision=decision,
            nomination=nomination,
            coefficient=coefficient,
            base_salary=base,
            amount=amount,
        )
        decisions.fill_award(
            award, decision.decided_on
        )  # the copy issue() freezes; the list is numbered after
        award.save()

    def _number_list(self, decision: Decision) -> None:
        """The list order issue() gives (ward, then name); an issued award refuses save()."""
        awards = Award.objects.filter(decision=decision).order_by(*decisions.LIVE_ORDER)
        for number, pk in enumerate(awards.values_list("pk", flat=True), start=1):
            Award.objects.filter(pk=pk).update(list_number=number)
