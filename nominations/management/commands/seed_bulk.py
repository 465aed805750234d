"""A city-sized data set for load tests, made with bulk inserts.

    python manage.py seed_bulk --nominations 200000 --wards 126 --years 10 --awarded 60000

Additive: it tops the wards up to ``--wards``, creates ``--years`` years of campaigns (four a
year; the current year's are open), then ``--nominations`` dossiers in every state with their
workflow history, numbered decisions (the authority's register, emulation.numbering), awards with frozen money and
small generated portraits shared by many rows. Deterministic for a given ``--seed``. Model
``save()`` and signals are bypassed (bulk_create), so the derived columns (``search_text``,
``name_folded``, ``sort_key``) are filled here.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import DateField, Model, TimeField
from django.utils import timezone

from campaigns.models import AwardKind, BaseSalary, Campaign, CampaignStatus, Field, NomineeKind
from campaigns.money import round_up
from emulation import numbering
from emulation.models import Authority, DocumentType, RegisterEntry, Ward
from emulation.text import fold
from nominations.decisions import services as decisions
from nominations.management import demo_data as data
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
from nominations.models.decision import _CODE_ALPHABET, DecisionKind
from nominations.models.nomination import Gender, nominee_sort_key
from nominations.models.storage import private_storage

S = NominationState

FAMILY = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng"] * 5
    + [
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Trịnh",
        "Đoàn",
        "Lương",
        "Mai",
        "Tạ",
        "Chu",
        "Cao",
        "Kiều",
    ]
)
MIDDLE_MALE = [
    "Văn",
    "Đức",
    "Minh",
    "Quang",
    "Hữu",
    "Xuân",
    "Công",
    "Đình",
    "Thanh",
    "Tuấn",
    "Mạnh",
    "Quốc",
    "Trọng",
    "Bá",
    "Duy",
    "Hoàng",
]
MIDDLE_FEMALE = [
    "Thị",
    "Thu",
    "Thanh",
    "Ngọc",
    "Minh",
    "Thị Thu",
    "Phương",
    "Hồng",
    "Kim",
    "Bích",
    "Diệu",
    "Khánh",
    "Mai",
    "Thùy",
]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Long",
    "Lộc",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thành",
    "Tính",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
]
GIVEN_FEMALE = [
    "Anh",
    "Ánh",
    "Châu",
    "Chi",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
]
POSITIONS = [
    "Tổ trưởng tổ dân phố",
    "Bí thư Chi bộ",
    "Trưởng Ban công tác Mặt trận",
    "Giáo viên",
    "Bác sĩ",
    "Điều dưỡng",
    "Công an khu vực",
    "Cựu chiến binh",
    "Hội viên Hội Phụ nữ",
    "Đoàn viên thanh niên",
    "Công nhân môi trường",
    "Kỹ sư",
    "Tiểu thương",
    "Tình nguyện viên",
    "Người dân",
    "Chủ tịch Hội Chữ thập đỏ",
    "Chi hội trưởng Hội Người cao tuổi",
    "Nhân viên y tế phường",
]
COLLECTIVES = [
    "Tổ dân phố số {n}",
    "Chi hội Phụ nữ tổ dân phố số {n}",
    "Đội thanh niên tình nguyện số {n}",
    "Tổ an ninh khu phố số {n}",
    "Câu lạc bộ Người cao tuổi khu dân cư số {n}",
    "Trường Tiểu học số {n}",
]
SUMMARIES = {
    Field.EDUCATION: [
        "Dạy kèm miễn phí cho học sinh có hoàn cảnh khó khăn",
        "Vận động quỹ khuyến học của khu dân cư",
    ],
    Field.HEALTH: [
        "Chăm sóc người bệnh nghèo, đưa đón bệnh nhân chạy thận",
        "Hiến máu tình nguyện nhiều lần",
    ],
    Field.CHARITY: [
        "Nấu cháo miễn phí cho bệnh nhân nghèo",
        "Quyên góp giúp đỡ các gia đình có hoàn cảnh khó khăn",
    ],
    Field.SECURITY: [
        "Cùng tổ an ninh khu phố bắt giữ đối tượng trộm cắp",
        "Nhặt được tài sản lớn, trả lại người đánh rơi",
    ],
    Field.CULTURE: [
        "Gìn giữ, truyền dạy ca trù cho thiếu nhi trong phường",
        "Xây dựng tủ sách cộng đồng ở nhà văn hóa",
    ],
    Field.ECONOMY: [
        "Có sáng kiến cải tiến kỹ thuật được công nhận",
        "Tạo việc làm cho lao động địa phương",
    ],
    Field.ENVIRONMENT: [
        "Vận động bà con phân loại rác tại nguồn",
        "Trồng và chăm sóc cây xanh trong ngõ phố",
    ],
    Field.COMMUNITY: [
        "Vận động các hộ dân giải phóng mặt bằng không phải cưỡng chế",
        "Hòa giải thành nhiều vụ mâu thuẫn trong khu dân cư",
    ],
}
STORY = (
    "{name} được bà con {ward} quý mến vì {deed}. Nhiều năm liền, {pronoun} âm thầm "
    "gắn bó với khu dân cư, lan tỏa tinh thần tương thân tương ái."
)
WARD_NAMES = [
    "Ba Đình",
    "Ngọc Hà",
    "Giảng Võ",
    "Hoàn Kiếm",
    "Cửa Nam",
    "Phú Thượng",
    "Hồng Hà",
    "Tây Hồ",
    "Bồ Đề",
    "Việt Hưng",
    "Phúc Lợi",
    "Long Biên",
    "Cầu Giấy",
    "Nghĩa Đô",
    "Yên Hòa",
    "Ô Chợ Dừa",
    "Láng",
    "Văn Miếu - Quốc Tử Giám",
    "Kim Liên",
    "Đống Đa",
    "Hai Bà Trưng",
    "Vĩnh Tuy",
    "Bạch Mai",
    "Vĩnh Hưng",
    "Định Công",
    "Tương Mai",
    "Lĩnh Nam",
    "Hoàng Mai",
    "Hoàng Liệt",
    "Yên Sở",
    "Phương Liệt",
    "Khương Đình",
    "Thanh Xuân",
    "Yên Nghĩa",
    "Phú Lương",
    "Kiến Hưng",
    "Hà Đông",
    "Dương Nội",
    "Đại Mỗ",
    "Tây Mỗ",
    "Từ Liêm",
    "Xuân Phương",
    "Tây Tựu",
    "Phú Diễn",
    "Xuân Đỉnh",
    "Đông Ngạc",
    "Thượng Cát",
    "Sơn Tây",
    "Tùng Thiện",
    "Chương Mỹ",
    "Thanh Liệt",
    "Bến Nghé",
    "Sài Gòn",
    "Tân Định",
    "Bến Thành",
    "Cầu Ông Lãnh",
    "Bàn Cờ",
    "Xuân Hòa",
    "Nhiêu Lộc",
    "Xóm Chiếu",
    "Khánh Hội",
    "Vĩnh Hội",
    "Chợ Quán",
    "An Đông",
    "Chợ Lớn",
]
# Dossiers still moving belong to the current year only (share of that year's dossiers, %);
# earlier years hold finished ones: awarded, revoked, not recommended, withdrawn.
CURRENT_YEAR_STATES = [
    (S.DRAFT, 15),
    (S.SUBMITTED, 15),
    (S.RETURNED, 5),
    (S.IN_REVIEW, 15),
    (S.RECOMMENDED, 10),
]
FINISHED_STATES = [(S.NOT_RECOMMENDED, 60), (S.WITHDRAWN, 40)]
IN_PROGRESS = {S.DRAFT, S.SUBMITTED, S.RETURNED, S.IN_REVIEW, S.RECOMMENDED}
PATHS: dict[str, list[tuple[str, str, str]]] = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", S.DRAFT, S.SUBMITTED)],
    S.RETURNED: [("submit", S.DRAFT, S.SUBMITTED), ("return", S.SUBMITTED, S.RETURNED)],
    S.IN_REVIEW: [("submit", S.DRAFT, S.SUBMITTED), ("accept", S.SUBMITTED, S.IN_REVIEW)],
    S.RECOMMENDED: [
        ("submit", S.DRAFT, S.SUBMITTED),
        ("accept", S.SUBMITTED, S.IN_REVIEW),
        ("vote_passed", S.IN_REVIEW, S.RECOMMENDED),
    ],
    S.NOT_RECOMMENDED: [
        ("submit", S.DRAFT, S.SUBMITTED),
        ("accept", S.SUBMITTED, S.IN_REVIEW),
        ("vote_failed", S.IN_REVIEW, S.NOT_RECOMMENDED),
    ],
    S.WITHDRAWN: [("submit", S.DRAFT, S.SUBMITTED), ("withdraw", S.SUBMITTED, S.WITHDRAWN)],
    S.AWARDED: [
        ("submit", S.DRAFT, S.SUBMITTED),
        ("accept", S.SUBMITTED, S.IN_REVIEW),
        ("vote_passed", S.IN_REVIEW, S.RECOMMENDED),
        ("award", S.RECOMMENDED, S.AWARDED),
    ],
}
PATHS[S.REVOKED] = [*PATHS[S.AWARDED], ("revoke", S.AWARDED, S.REVOKED)]
# Base salaries before the demo's two rows, so that ten years of money can be computed.
HISTORIC_SALARIES = [
    (dt.date(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    (dt.date(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    (dt.date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
]
CAMPAIGNS_PER_YEAR = [
    data.GOOD_DEEDS,
    "Lao động giỏi, lao động sáng tạo",
    "Giỏi việc nước, đảm việc nhà",
    "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư",
]
PORTRAITS = 36
PER_DECISION = 300


@contextmanager
def _explicit_timestamps(*models: type[Model]) -> Iterator[None]:
    """Let bulk_create keep the dates we give instead of auto_now / auto_now_add."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            # The fields that have auto_now / auto_now_add: DateField (DateTimeField), TimeField.
            if isinstance(field, DateField | TimeField) and (field.auto_now or field.auto_now_add):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def state_plan(total: int, awarded: int, years: int = 10) -> dict[str, int]:
    """How many nominations of each state: ``awarded`` exactly, 1 in 500 of them revoked; the
    current year's share (``total / years``) is 60% in progress."""
    if awarded > total:
        raise CommandError("--awarded không được lớn hơn --nominations.")
    revoked = min(max(1, awarded // 500) if awarded else 0, total - awarded)
    rest = total - awarded - revoked
    current = total // max(years, 1)
    plan: dict[str, int] = {
        state: min(rest, current) * pct // 100 for state, pct in CURRENT_YEAR_STATES
    }
    finished = rest - sum(plan.values())
    for state, pct in FINISHED_STATES:
        plan[state] = finished * pct // 100
    plan[S.WITHDRAWN] += finished - sum(plan[s] for s, _pct in FINISHED_STATES)
    plan[S.AWARDED] = awarded
    plan[S.REVOKED] = revoked
    return plan


class Command(BaseCommand):
    help = "Tạo dữ liệu lớn cho thử tải: hàng trăm nghìn hồ sơ, bằng bulk insert."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--nominations", type=int, default=200_000)
        parser.add_argument("--wards", type=int, default=126)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument(
            "--awarded",
            type=int,
            default=None,
            help="Số hồ sơ đã khen thưởng (mặc định 30%% số hồ sơ).",
        )
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **opts: Any) -> None:
        self.rng = random.Random(opts["seed"])
        total = opts["nominations"]
        awarded = opts["awarded"] if opts["awarded"] is not None else total * 3 // 10
        plan = state_plan(total, awarded, opts["years"])
        started = time.monotonic()
        self.today = timezone.localdate()
        self.years = list(range(self.today.year - opts["years"] + 1, self.today.year + 1))
        with transaction.atomic():
            self.authority = self._authority()
            self.wards = self._wards(opts["wards"])
            self.kinds = self._award_kinds()
            self.salaries = self._base_salaries()
            self.campaigns = self._campaigns()
        self.portraits = self._portraits()
        self._log(
            f"Chuẩn bị xong: {len(self.wards)} phường, {len(self.campaigns)} phong trào, "
            f"{len(self.portraits)} ảnh chân dung",
            started,
        )
        states = [s for s, n in plan.items() for _ in range(n)]
        self.rng.shuffle(states)
        self.used_codes = set(Award.objects.values_list("verification_code", flat=True))
        self.decisions: dict[tuple, list] = {}
        self.revocations: dict[int, Decision] = {}
        self.listed: dict[int, int] = {}  # decision pk: awards numbered so far
        done = 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # a load-test data set: speed over durability
                cursor.execute("SET synchronous_commit TO OFF")
        with _explicit_timestamps(Nominee, Nomination, Transition, Decision):
            for start in range(0, total, opts["batch"]):
                chunk = states[start : start + opts["batch"]]
                with transaction.atomic():
                    self._batch(chunk)
                done += len(chunk)
                self._log(f"Hồ sơ {done:,}/{total:,} ({done * 100 // max(total, 1)}%)", started)
        summary = ", ".join(f"{s}={n:,}" for s, n in plan.items())
        self._log(f"Xong: {summary}; {Decision.objects.count():,} quyết định", started)

    # ---------------------------------------------------------------- reference data

    def _log(self, message: str, started: float) -> None:
        self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {message}")
        self.stdout.flush()

    def _authority(self) -> Authority:
        return Authority.current() or Authority.objects.create(**data.AUTHORITY)

    def _wards(self, wanted: int) -> list[Ward]:
        wards = list(Ward.objects.filter(active=True).order_by("pk"))
        names = set(Ward.objects.values_list("name", flat=True))
        codes = set(Ward.objects.values_list("code", flat=True))
        n = 0
        while len(wards) < wanted:
            base = WARD_NAMES[n % len(WARD_NAMES)]
            name = base if n < len(WARD_NAMES) else f"{base} {n // len(WARD_NAMES) + 1}"
            code = f"BK{n + 1:03d}"
            n += 1
            if name in names or code in codes:
                continue
            wards.append(Ward.objects.create(name=name, code=code))
            names.add(name)
        return wards[:wanted]

    def _award_kinds(self) -> list[AwardKind]:
        for name, fields in data.AWARD_KINDS.items():
            AwardKind.objects.get_or_create(name=name, defaults=fields)
        return list(AwardKind.objects.filter(active=True))

    def _base_salaries(self) -> list[tuple[dt.date, int]]:
        for valid_from, amount, basis in [*HISTORIC_SALARIES, *data.BASE_SALARIES]:
            BaseSalary.objects.get_or_create(
                valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis}
            )
        return sorted(BaseSalary.objects.values_list("valid_from", "amount"))

    def _salary_on(self, day: dt.date) -> int:
        amount = self.salaries[0][1]
        for valid_from, value in self.salaries:
            if valid_from <= day:
                amount = value
        return amount

    def _campaigns(self) -> list[Campaign]:
        by_name = {c["name"]: c for c in data.CAMPAIGNS}
        campaigns = []
        for year in self.years:
            current = year == self.today.year
            for name in CAMPAIGNS_PER_YEAR:
                spec = by_name[name]
                opens_on = dt.date(year, 1, 15)
                deadline = dt.date(year, 12, 15)
                if current:
                    deadline = max(deadline, self.today)
                full_name = f"{name} năm {year}"
                campaign, created = Campaign.objects.get_or_create(
                    name=full_name,
                    opens_on=opens_on,
                    defaults=dict(
                        launched_by=spec["launched_by"],
                        kind=spec["kind"],
                        summary=spec.get("summary", ""),
                        deadline=deadline,
                        closes_on=max(dt.date(year, 12, 31), deadline),
                        status=CampaignStatus.OPEN if current else CampaignStatus.CLOSED,
                    ),
                )
                if created:
                    campaign.award_kinds.set(self.kinds)
                campaigns.append(campaign)
        self.campaigns_by_year = {
            y: [c for c in campaigns if c.opens_on.year == y] for y in self.years
        }
        return campaigns

    def _portraits(self) -> list[tuple[str, int, int]]:
        """Portraits in private storage (the dossier's photo and sizes) with a copy of each in
        public media (the public copies of a consented exemplar, nominations.consent)."""
        names = []
        for i in range(PORTRAITS):
            path = f"photos/bulk/portrait-{i:02d}.jpg"
            person = f"{FAMILY[i % len(FAMILY)]} {GIVEN_FEMALE[i % len(GIVEN_FEMALE)]}"
            for storage in (private_storage, default_storage):
                if not storage.exists(path):
                    image = portrait_bytes(person, size=(360, 450))
                    saved = storage.save(path, ContentFile(image.getvalue()))
                    assert saved == path, saved  # both stores keep the one name
            names.append((path, 360, 450))
        return names

    # ---------------------------------------------------------------- bulk rows

    def _person(self) -> tuple[str, str, str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.10:
            name = rng.choice(COLLECTIVES).format(n=rng.randint(1, 60))
            return NomineeKind.COLLECTIVE, name, ""
        female = rng.random() < 0.55
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        name = f"{rng.choice(FAMILY)} {middle} {given}"
        if roll < 0.15:
            return NomineeKind.HOUSEHOLD, f"Hộ gia đình {'bà' if female else 'ông'} {name}", ""
        return NomineeKind.INDIVIDUAL, name, Gender.FEMALE if female else Gender.MALE

    def _kind_for(self, nominee_kind: str) -> AwardKind:
        fitting = [k for k in self.kinds if k.fits(nominee_kind)]
        return self.rng.choice(fitting)

    def _moment(self, year: int, state: str) -> dt.datetime:
        if state in (S.AWARDED, S.REVOKED):
            start = dt.date(year, 1, 15)
            span = max(min(300, (self._decided_on(year) - start).days - 30), 1)
        elif state in IN_PROGRESS or year == self.today.year:
            start = dt.date(year, 1, 15)
            span = max((self.today - start).days, 1)
        else:
            start, span = dt.date(year, 1, 15), 320
        day = start + dt.timedelta(days=self.rng.randrange(span))
        return timezone.make_aware(
            dt.datetime.combine(day, dt.time(8 + self.rng.randrange(9), self.rng.randrange(60)))
        )

    def _batch(self, states: list[str]) -> None:
        rng = self.rng
        current = self.today.year
        nominees, nominations = [], []
        for state in states:
            ward = rng.choice(self.wards)
            year = current if state in IN_PROGRESS else rng.choice(self.years)
            if state in (S.AWARDED, S.REVOKED) and year == current and self.today.month < 3:
                year = current - 1
            campaign = rng.choice(self.campaigns_by_year[year])
            kind, name, gender = self._person()
            position = rng.choice(POSITIONS) if kind == NomineeKind.INDIVIDUAL else ""
            workplace = f"Tổ dân phố số {rng.randint(1, 60)}, phường {ward.name}"
            nominee = Nominee(
                ward=ward,
                kind=kind,
                full_name=name,
                gender=gender,
                birth_year=rng.randint(1945, 2000) if kind == NomineeKind.INDIVIDUAL else None,
                position=position,
                workplace=workplace,
                phone=f"09{rng.randrange(10**8):08d}",
                member_count=rng.randint(8, 120) if kind == NomineeKind.COLLECTIVE else None,
                head_name=name.split(" ", 3)[-1] if kind != NomineeKind.INDIVIDUAL else "",
                address=f"Số {rng.randint(1, 200)} ngõ {rng.randint(1, 99)}, {ward.name}"
                if kind == NomineeKind.HOUSEHOLD
                else "",
                name_folded=fold(name),
                sort_key=nominee_sort_key(name, kind),
            )
            created = self._moment(year, state)
            nominee.created_at = created
            field = rng.choice(list(SUMMARIES))
            deed = rng.choice(SUMMARIES[field])
            public = state in (S.AWARDED, S.REVOKED)
            story = (
                STORY.format(
                    name=name,
                    ward=f"phường {ward.name}",
                    deed=deed.lower(),
                    pronoun="bà" if gender == Gender.FEMALE else "ông",
                )
                if public
                else ""
            )
            award_kind = self._kind_for(kind)
            consent = rng.random() < 0.9 if public else rng.random() < 0.7
            nom = Nomination(
                ward=ward,
                campaign=campaign,
                nominee=nominee,
                award_kind=award_kind,
                initiative="Sáng kiến cải tiến quy trình tiếp dân"
                if award_kind.requires_initiative
                else "",
                procedure=Procedure.SIMPLIFIED
                if campaign.name.startswith(data.GOOD_DEEDS) and rng.random() < 0.5
                else Procedure.REGULAR,
                field=field,
                public_summary=f"{deed}.",
                achievement_report=f"{deed}.",
                story=story,
                consent_public=consent,
                consent_photo=consent,
                consent_story=consent,
                # The demo's stories stand approved (as seed_demo's); set by a bulk insert.
                story_approved_at=created if public else None,
                state=state,
                created_at=created,
                updated_at=created,
                submitted_at=created + dt.timedelta(days=2) if state != S.DRAFT else None,
                return_reason="Bổ sung xác nhận của Tổ dân phố." if state == S.RETURNED else "",
                search_text=fold(
                    " ".join(
                        filter(None, [name, position, workplace, ward.name, f"{deed}.", story])
                    )
                ),
            )
            if public:
                photo, width, height = rng.choice(self.portraits)
                nom.photo = nom.photo_medium = nom.photo_thumb = photo
                nom.photo_width, nom.photo_height = width, height
                nom.thumb_width, nom.thumb_height = width, height
                if consent:  # the public copies exist while the photo is public
                    nom.public_medium = nom.public_thumb = photo
                # The loader's own attribute, read back by _award after bulk_create.
                nom.bulk_decision = self._decision_for(campaign, year)  # type: ignore[attr-defined]
                nom.awarded_on = nom.bulk_decision.decided_on  # type: ignore[attr-defined]
                nom.updated_at = max(
                    created, timezone.make_aware(dt.datetime.combine(nom.awarded_on, dt.time(10)))
                )
            nominees.append(nominee)
            nominations.append(nom)
        Nominee.objects.bulk_create(nominees, batch_size=2000)
        Nomination.objects.bulk_create(nominations, batch_size=2000)
        transitions, awards = [], []
        for nom in nominations:
            at = nom.submitted_at or nom.created_at
            for step, (action, before, after) in enumerate(PATHS[nom.state]):
                transitions.append(
                    Transition(
                        nomination=nom,
                        action=action,
                        from_state=before,
                        to_state=after,
                        at=at + dt.timedelta(days=step),
                        comment=nom.return_reason if action == "return" else "",
                    )
                )
            if nom.state in (S.AWARDED, S.REVOKED):
                awards.append(self._award(nom))
        Transition.objects.bulk_create(transitions, batch_size=5000)
        Award.objects.bulk_create(awards, batch_size=2000)

    # ---------------------------------------------------------------- decisions

    def _register(self, on: dt.date, subject: str) -> RegisterEntry:
        """The next number of the authority's register of decisions (emulation.numbering)."""
        return numbering.register(
            authority=self.authority,
            doc_type=DocumentType.DECISION,
            symbol=self.authority.decision_symbol,
            on=on,
            subject=subject,
            signer_name=self.authority.chairman_name,
        )

    def _decided_on(self, year: int) -> dt.date:
        if year < self.today.year:
            return dt.date(year, 12, 20)
        return max(dt.date(year, 3, 1), self.today - dt.timedelta(days=7))

    def _decision_for(self, campaign: Campaign, year: int) -> Decision:
        key = (campaign.pk, year)
        batch = self.decisions.setdefault(key, [None, 0])
        if batch[0] is None or batch[1] >= PER_DECISION:
            # Campaigns of a year are decided on different days, a few days apart.
            decided_on = self._decided_on(year) - dt.timedelta(days=4 * (campaign.pk % 5))
            issued = timezone.make_aware(dt.datetime.combine(decided_on, dt.time(15)))
            title = f"Về việc khen thưởng trong phong trào “{campaign.name}”"
            entry = self._register(decided_on, title)
            batch[0] = Decision.objects.create(
                authority=self.authority,
                kind=DecisionKind.AWARD,
                campaign=campaign,
                title=title,
                state=DecisionState.ISSUED,
                decided_on=decided_on,
                year=year,
                number=entry.number,
                register_entry=entry,
                registered_at=issued,
                published_at=issued,
                symbol=self.authority.decision_symbol,
                campaign_name=campaign.name,
                campaign_year=campaign.year,
                **self._issuer(),
                signer_name=self.authority.chairman_name,
                signer_title=self.authority.chairman_title,
                created_at=issued,
                issued_at=issued,
            )
            batch[1] = 0
        batch[1] += 1
        return batch[0]

    def _issuer(self) -> dict[str, str]:
        """The authority as an issued decision keeps it (nominations.decisions.services.freeze)."""
        a = self.authority
        return {
            "authority_name": a.name,
            "authority_short_name": a.short_name,
            "authority_parent_name": a.parent_name,
            "authority_place": a.place,
            "authority_level_label": a.level_label,
            "authority_unit_label": a.unit_label,
            "authority_council_name": a.council,
        }

    def _revocation(self, year: int) -> Decision:
        if year not in self.revocations:
            decided_on = min(self._decided_on(year) + dt.timedelta(days=5), self.today)
            issued = timezone.make_aware(dt.datetime.combine(decided_on, dt.time(15)))
            title = f"Về việc thu hồi, hủy bỏ khen thưởng năm {year}"
            entry = self._register(decided_on, title)
            self.revocations[year] = Decision.objects.create(
                authority=self.authority,
                kind=DecisionKind.REVOCATION,
                title=title,
                state=DecisionState.ISSUED,
                decided_on=decided_on,
                year=year,
                number=entry.number,
                register_entry=entry,
                registered_at=issued,
                published_at=issued,
                symbol=self.authority.decision_symbol,
                **self._issuer(),
                signer_name=self.authority.chairman_name,
                signer_title=self.authority.chairman_title,
                created_at=issued,
                issued_at=issued,
            )
        return self.revocations[year]

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choice(_CODE_ALPHABET) for _ in range(8))
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def _award(self, nom: Nomination) -> Award:
        decision = nom.bulk_decision  # type: ignore[attr-defined]
        assert nom.award_kind is not None  # _kind_for gave every awarded row one
        coefficient = Decimal(nom.award_kind.coefficient_for(nom.nominee.kind))
        base = self._salary_on(decision.decided_on)
        award = Award(
            decision=decision,
            nomination=nom,
            coefficient=coefficient,
            base_salary=base,
            amount=round_up(coefficient * base),
            verification_code=self._code(),
            revoked_by=self._revocation(decision.year) if nom.state == S.REVOKED else None,
        )
        decisions.fill_award(award, decision.decided_on)  # the copy issue() freezes, in order
        self.listed[decision.pk] = award.list_number = self.listed.get(decision.pk, 0) + 1
        return award
