"""The "ward-2026" demo profile: today's case, a ward of the two-level local government.

Since 01/7/2025 Hà Nội has no districts (Nghị quyết 1656/NQ-UBTVQH15): the new phường Đống Đa
nominates from its residential groups, its primary school, its health station and its
associations, and its chairman confers the Giấy khen (Luật Thi đua, khen thưởng 2022, Điều 80;
Nghị định 152/2025/NĐ-CP). Same names as ``demo_data`` (the district profile), read by
``seed_demo --profile ward-2026``. Officials carry placeholder names ("Nguyễn Văn A"), as sample
documents do: no real person is named as an official.
"""

import datetime as dt
from decimal import Decimal as D
from typing import Any

from campaigns.models import AwardForm, CampaignKind, CampaignStatus, Field
from emulation.models import AuthorityLevel, Role
from nominations.management import demo_data as district
from nominations.models import NominationState
from nominations.models.nomination import Gender

PLACE = "Đống Đa"
WARD = f"phường {PLACE}"

AUTHORITY: dict[str, Any] = {
    "name": f"Ủy ban nhân dân {WARD}",
    "short_name": f"Phường {PLACE}",
    # No superior body above a People's Committee (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    "parent_name": "",
    "place": PLACE,
    "level": AuthorityLevel.COMMUNE,
    "level_label": "phường",
    "decision_symbol": "QĐ-UBND",
    "cover_letter_symbol": "TTr-UBND",
    "chairman_title": "Chủ tịch",
    "chairman_name": "Nguyễn Văn A",
    # The nominating units are residential groups, a school, a health station and associations:
    # "Đơn vị" fits all of them, and each unit is named in full (docs/decisions.md).
    "unit_label": "Đơn vị",
}
WARD_CODE_PREFIX = "PDD"  # unit codes PDD01 …, apart from the district profile's DD01 …

SCHOOL = "Trường Tiểu học Quang Trung"
HEALTH_STATION = f"Trạm Y tế {WARD}"
RED_CROSS = f"Hội Chữ thập đỏ {WARD}"
WARDS = [
    "Tổ dân phố số 5",
    "Tổ dân phố số 10",
    "Tổ dân phố số 12",
    "Tổ dân phố số 21",
    SCHOOL,
    HEALTH_STATION,
    RED_CROSS,
    f"Hội Liên hiệp Phụ nữ {WARD}",
    f"Hội Cựu chiến binh {WARD}",
]

HOLIDAYS = district.HOLIDAYS
DEMO_PASSWORD = district.DEMO_PASSWORD

# What a ward chairman confers (Luật Thi đua, khen thưởng 2022, Điều 80; LEGAL.md): the Giấy
# khen, the yearly titles of the ward's own staff, and the titles of its residential life.
GIAY_KHEN = "Giấy khen của Chủ tịch UBND phường"
AWARD_KINDS: dict[str, dict[str, Any]] = {
    GIAY_KHEN: dict(
        form=AwardForm.COMMENDATION,
        for_individual=True,
        for_collective=True,
        for_household=True,
        coefficient_individual=D("0.3"),
        coefficient_collective=D("0.6"),
        coefficient_household=D("0.6"),
        secret_ballot=False,
        allows_simplified=True,
        order=1,
    ),
    "Lao động tiên tiến": dict(
        form=AwardForm.TITLE,
        for_individual=True,
        coefficient_individual=D("0.3"),
        secret_ballot=True,
        order=2,
    ),
    "Gia đình văn hóa": dict(
        form=AwardForm.TITLE,
        for_household=True,
        coefficient_household=D("0"),  # no rate found in the decrees: none paid (LEGAL.md)
        secret_ballot=False,
        order=3,
    ),
    "Tổ dân phố văn hóa": dict(
        form=AwardForm.TITLE,
        for_collective=True,
        coefficient_collective=D("1.5"),
        secret_ballot=True,
        order=4,
    ),
}
QUOTA_KINDS: tuple[str, str] | None = None  # no Chiến sĩ thi đua cơ sở in this profile

GOOD_DEEDS = district.GOOD_DEEDS
LAUNCHED_BY = f"Ủy ban nhân dân {WARD}"
CAMPAIGNS: list[dict[str, Any]] = [
    dict(
        name=GOOD_DEEDS,
        launched_by=LAUNCHED_BY,
        kind=CampaignKind.THEMATIC,
        opens_on=dt.date(2026, 1, 15),
        deadline=dt.date(2026, 12, 15),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Tôn vinh những tấm gương bình dị làm việc tốt vì cộng đồng trong phường.",
        description=(
            "Phong trào “Người tốt, việc tốt” phát hiện, biểu dương những cá nhân, tập thể "
            f"có hành động đẹp, việc làm tốt trong đời sống hằng ngày trên địa bàn {WARD}."
        ),
        criteria=(
            "Có hành động, việc làm tốt, có tác dụng nêu gương trong cộng đồng; được Ban công "
            "tác Mặt trận và Tổ dân phố xác nhận."
        ),
        awards=[GIAY_KHEN],
    ),
    dict(
        name="Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư",
        launched_by=f"Ủy ban Mặt trận Tổ quốc Việt Nam {WARD}",
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2026, 1, 5),
        deadline=dt.date(2026, 12, 5),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Xây dựng tổ dân phố văn hóa, gia đình văn hóa.",
        awards=["Tổ dân phố văn hóa", "Gia đình văn hóa", GIAY_KHEN],
    ),
    dict(
        name="Bình xét thi đua cuối năm 2026",
        launched_by=LAUNCHED_BY,
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2026, 11, 1),
        deadline=dt.date(2026, 12, 20),
        closes_on=dt.date(2027, 1, 31),
        status=CampaignStatus.OPEN,
        summary="Bình xét danh hiệu thi đua của cán bộ, viên chức các đơn vị thuộc phường.",
        criteria="Hoàn thành tốt nhiệm vụ được giao; chấp hành tốt chủ trương, chính sách.",
        awards=["Lao động tiên tiến"],
    ),
    dict(
        name="Giỏi việc nước, đảm việc nhà",
        launched_by=f"Hội Liên hiệp Phụ nữ {WARD}",
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2026, 3, 8),
        deadline=dt.date(2026, 12, 10),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Tôn vinh phụ nữ giỏi việc nước, đảm việc nhà.",
        awards=[GIAY_KHEN],
    ),
]


def _officer(username: str, full_name: str, unit: str, position: str) -> dict[str, Any]:
    return dict(
        username=username, full_name=full_name, role=Role.WARD_OFFICER, ward=unit, position=position
    )


# Placeholder names only (no real official is named): the same usernames as the district
# profile for the council and the chairman, one officer per unit shown in the README.
USERS: list[dict[str, Any]] = [
    dict(
        username="quantri",
        full_name="Trịnh Văn Q",
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
        position="Quản trị hệ thống",
    ),
    dict(
        username="thuky",
        full_name="Lê Thị C",
        role=Role.SECRETARY,
        position="Công chức Văn phòng HĐND và UBND phường, Thư ký Hội đồng",
    ),
    dict(
        username="hoidong1",
        full_name="Trần Văn B",
        role=Role.MEMBER,
        position="Phó Chủ tịch UBND phường, Phó Chủ tịch Hội đồng",
    ),
    dict(
        username="hoidong2",
        full_name="Phạm Thị D",
        role=Role.MEMBER,
        position="Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường",
    ),
    dict(
        username="hoidong3",
        full_name="Hoàng Văn E",
        role=Role.MEMBER,
        position="Trưởng phòng Văn hóa - Xã hội",
    ),
    dict(
        username="chutich",
        full_name="Nguyễn Văn A",
        role=Role.CHAIRMAN,
        position="Chủ tịch UBND phường",
    ),
    dict(
        username="phochutich",
        full_name="Trần Văn B",
        role=Role.DEPUTY,
        position="Phó Chủ tịch UBND phường",
    ),
    _officer("to5", "Đỗ Thị G", "Tổ dân phố số 5", "Tổ trưởng Tổ dân phố số 5"),
    _officer("to10", "Bùi Văn H", "Tổ dân phố số 10", "Tổ trưởng Tổ dân phố số 10"),
    _officer("to12", "Ngô Thị K", "Tổ dân phố số 12", "Tổ trưởng Tổ dân phố số 12"),
    _officer("tieuhoc", "Dương Văn L", SCHOOL, "Phó Hiệu trưởng"),
    _officer("tramyte", "Lý Thị M", HEALTH_STATION, "Trưởng Trạm Y tế"),
    _officer("chuthapdo", "Vũ Văn N", RED_CROSS, "Phó Chủ tịch Hội Chữ thập đỏ phường"),
]

# After 01/7/2026: 0.3 × 2.530.000 = 759.000 → 760.000 đồng (Nghị định 161/2026/NĐ-CP).
DECISION: dict[str, Any] = dict(
    number=48,
    decided_on=dt.date(2026, 7, 20),
    title="Về việc tặng Giấy khen cho các cá nhân có thành tích xuất sắc trong phong trào "
    "“Người tốt, việc tốt” năm 2026",
    # The texts in force for a commune on that day (campaigns.law); the proposal line, left
    # out, is printed from the council's name.
    legal_bases=(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
        "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;"
    ),
    recipients="Như Điều 3;\nThường trực Đảng ủy phường;\nLưu: VT, VH-XH.",
)

# The seed story's honourees, re-homed in the new ward (their groups renumbered at the merger).
HONOUREES: list[dict[str, Any]] = [
    {
        **district.HONOUREES[0],  # Nguyễn Đình Tính
        "ward": "Tổ dân phố số 10",
        "position": "Bí thư Chi bộ, Trưởng Ban công tác Mặt trận Tổ dân phố số 10",
        "workplace": f"Tổ dân phố số 10, {WARD}",
        "story": (
            "Hơn ba mươi năm gắn bó với khu dân cư, ông Nguyễn Đình Tính kiên trì đến từng nhà "
            "lắng nghe, giải thích chính sách. Nhờ sự tận tâm ấy, bảy dự án trên địa bàn được "
            "bàn giao mặt bằng đúng hạn, không một hộ nào phải cưỡng chế."
        ),
    },
    {
        **district.HONOUREES[1],  # Đoàn Thị Mai
        "ward": "Tổ dân phố số 12",
        "position": "Phó Bí thư Chi bộ Tổ dân phố số 12",
        "workplace": f"Tổ dân phố số 12, {WARD}",
        "story": (
            "Bà Đoàn Thị Mai được bà con Tổ dân phố số 12 quý mến gọi là “người giữ lửa”. "
            "Mỗi dịp 28/6, bà cùng chi bộ tổ chức bữa cơm đoàn kết cho cả khu phố."
        ),
    },
    {
        **district.HONOUREES[2],  # Nguyễn Thu Hà
        "ward": RED_CROSS,
        "position": "Chủ tịch Hội Chữ thập đỏ phường",
        "workplace": RED_CROSS,
    },
    {
        **district.HONOUREES[3],  # Ngô Thanh Thủy
        "ward": "Tổ dân phố số 5",
        "workplace": f"Tổ dân phố số 5, {WARD}",
        "story": (
            "Chị Ngô Thanh Thủy mở cửa ngôi nhà nhỏ của mình cho người bệnh từ các tỉnh về Hà "
            "Nội điều trị, không lấy một đồng nào, dù chính chị cũng đang chiến đấu với bệnh "
            "ung thư."
        ),
    },
    {
        **district.HONOUREES[4],  # Nguyễn Thị Thu Hương
        "ward": SCHOOL,
        "position": f"Giáo viên {SCHOOL}",
        "workplace": SCHOOL,
    },
]

IN_PROGRESS: list[dict[str, Any]] = [
    dict(
        full_name="Trần Văn Bình",
        gender=Gender.MALE,
        birth_year=1968,
        ward="Tổ dân phố số 5",
        position="Tổ trưởng Tổ dân phố số 5",
        field=Field.SECURITY,
        state=NominationState.DRAFT,
        campaign=GOOD_DEEDS,
        summary="Cùng tổ an ninh khu phố bắt giữ đối tượng trộm cắp.",
    ),
    dict(
        full_name="Lê Thị Hồng",
        gender=Gender.FEMALE,
        birth_year=1979,
        ward=RED_CROSS,
        position="Tình nguyện viên",
        field=Field.CHARITY,
        state=NominationState.SUBMITTED,
        campaign=GOOD_DEEDS,
        summary="Mười năm nấu cháo miễn phí cho bệnh nhân nghèo.",
    ),
    dict(
        full_name="Phạm Quang Vinh",
        gender=Gender.MALE,
        birth_year=1990,
        ward="Tổ dân phố số 12",
        position="Công nhân môi trường",
        field=Field.ENVIRONMENT,
        state=NominationState.RETURNED,
        campaign=GOOD_DEEDS,
        summary="Nhặt được túi tiền lớn, trả lại người đánh rơi.",
        reason="Bổ sung xác nhận của Tổ dân phố và của người được nhận lại tài sản.",
    ),
    dict(
        full_name="Võ Thị Ánh",
        gender=Gender.FEMALE,
        birth_year=1972,
        ward="Tổ dân phố số 10",
        position="Trưởng ban công tác Mặt trận",
        field=Field.COMMUNITY,
        state=NominationState.IN_REVIEW,
        campaign=GOOD_DEEDS,
        summary="Vận động xây dựng quỹ khuyến học của khu dân cư.",
    ),
    dict(
        full_name="Đinh Thị Lan",
        gender=Gender.FEMALE,
        birth_year=1980,
        ward=HEALTH_STATION,
        position="Y sĩ",
        field=Field.HEALTH,
        state=NominationState.RECOMMENDED,
        campaign=GOOD_DEEDS,
        summary="Đêm mưa bão vẫn đến tận nhà sơ cứu cho cụ già neo đơn.",
    ),
]
