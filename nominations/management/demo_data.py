"""The demo data set: Quận Đống Đa, its 21 wards, the seed story's campaigns and honourees.

The default profile of ``seed_demo`` ("district-2025"): the district model as it was before
01/7/2025, kept as the product's illustration (``demo_ward2026`` is today's case).

Every number of DESIGN.md lives here as a default that the admin can change afterwards.
"""

import datetime as dt
from decimal import Decimal as D
from typing import Any

from campaigns import law
from campaigns.models import AwardForm, CampaignKind, CampaignStatus, Field
from emulation.models import Holiday, Role
from nominations.models import NominationState
from nominations.models.nomination import Gender

AUTHORITY: dict[str, Any] = {
    "name": "Ủy ban nhân dân quận Đống Đa",
    "short_name": "Quận Đống Đa",
    # No superior body above a People's Committee (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    "parent_name": "",
    "place": "Đống Đa",
    "level_label": "quận",
    "decision_symbol": "QĐ-UBND",
    "cover_letter_symbol": "TTr-UBND",
    "chairman_title": "Chủ tịch",
    "chairman_name": "Lê Tuấn Định",
    "unit_label": "Phường",
}

WARDS = [
    "Cát Linh",
    "Hàng Bột",
    "Khâm Thiên",
    "Khương Thượng",
    "Kim Liên",
    "Láng Hạ",
    "Láng Thượng",
    "Nam Đồng",
    "Ngã Tư Sở",
    "Ô Chợ Dừa",
    "Phương Liên",
    "Phương Mai",
    "Quang Trung",
    "Quốc Tử Giám",
    "Thịnh Quang",
    "Thổ Quan",
    "Trung Liệt",
    "Trung Phụng",
    "Trung Tự",
    "Văn Chương",
    "Văn Miếu",
]

BASE_SALARIES = law.BASE_SALARIES  # the one list (campaigns.law), also the migrations'

# Public holidays (Bộ luật Lao động 2019, Điều 112) as the administrator enters them each year
# from the Government's announcement: (date, name, kind). "off" rows on a weekend are kept so
# that the table reads like the announcement; only weekdays off change a count. A legal
# holiday on a weekend gives a day off in lieu on the next working day (Điều 111).
# 2026: Tết Bính Ngọ as announced, 9 days from Saturday 14/2 (27 tháng Chạp) to Sunday 22/2
# (mùng 6); the adjacent day of Quốc khánh chosen here: Tuesday 1/9.
# 2027: not announced yet when written: the legal days only (Tết: 29 tháng Chạp to mùng 4,
# i.e. 5/2 to 9/2, with 10/2 and 11/2 in lieu of the weekend; Quốc khánh with Friday 3/9),
# marked "dự kiến" so that the administrator replaces them with the announcement.
_OFF, _WORKDAY = Holiday.Kind.OFF, Holiday.Kind.WORKDAY
TET_2026 = "Tết Nguyên đán Bính Ngọ"
TET_2027 = "Tết Nguyên đán Đinh Mùi (dự kiến)"
HOLIDAYS = [
    (dt.date(2026, 1, 1), "Tết Dương lịch", _OFF),
    *[(dt.date(2026, 2, day), TET_2026, _OFF) for day in range(14, 23)],
    (dt.date(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", _OFF),
    (dt.date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương", _OFF),
    (dt.date(2026, 4, 30), "Ngày Chiến thắng", _OFF),
    (dt.date(2026, 5, 1), "Ngày Quốc tế Lao động", _OFF),
    (dt.date(2026, 9, 1), "Quốc khánh (ngày liền kề)", _OFF),
    (dt.date(2026, 9, 2), "Quốc khánh", _OFF),
    (dt.date(2027, 1, 1), "Tết Dương lịch", _OFF),
    *[(dt.date(2027, 2, day), TET_2027, _OFF) for day in range(5, 10)],
    (dt.date(2027, 2, 10), "Nghỉ bù Tết Nguyên đán (dự kiến)", _OFF),
    (dt.date(2027, 2, 11), "Nghỉ bù Tết Nguyên đán (dự kiến)", _OFF),
    (dt.date(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)", _OFF),
    (dt.date(2027, 4, 30), "Ngày Chiến thắng", _OFF),
    (dt.date(2027, 5, 1), "Ngày Quốc tế Lao động", _OFF),
    (dt.date(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động", _OFF),
    (dt.date(2027, 9, 2), "Quốc khánh", _OFF),
    (dt.date(2027, 9, 3), "Quốc khánh (ngày liền kề, dự kiến)", _OFF),
]

# name: (form, individual, collective, household, coef ind, coef coll, coef hh, secret,
#        simplified, order, extra)
AWARD_KINDS: dict[str, dict[str, Any]] = {
    "Giấy khen của Chủ tịch UBND quận": dict(
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
    "Chiến sĩ thi đua cơ sở": dict(
        form=AwardForm.TITLE,
        for_individual=True,
        coefficient_individual=D("1.0"),
        secret_ballot=True,
        requires_initiative=True,
        quota_percent=D("15"),
        order=3,
    ),
    "Tập thể lao động tiên tiến": dict(
        form=AwardForm.TITLE,
        for_collective=True,
        coefficient_collective=D("0.8"),
        secret_ballot=True,
        order=4,
    ),
    "Tập thể lao động xuất sắc": dict(
        form=AwardForm.TITLE,
        for_collective=True,
        coefficient_collective=D("1.5"),
        secret_ballot=True,
        order=5,
        active=False,
    ),
    "Tổ dân phố văn hóa": dict(
        form=AwardForm.TITLE,
        for_collective=True,
        coefficient_collective=D("1.5"),
        secret_ballot=True,
        order=6,
    ),
}

GIAY_KHEN = "Giấy khen của Chủ tịch UBND quận"  # the demo dossiers' proposed award
QUOTA_KINDS: tuple[str, str] | None = ("Chiến sĩ thi đua cơ sở", "Lao động tiên tiến")
WARD_CODE_PREFIX = "DD"

GOOD_DEEDS = "Người tốt, việc tốt"
YEARLY_REVIEW_2026 = "Bình xét danh hiệu thi đua năm 2026"

CAMPAIGNS: list[dict[str, Any]] = [
    dict(
        name=GOOD_DEEDS,
        launched_by="Ủy ban nhân dân quận Đống Đa",
        kind=CampaignKind.THEMATIC,
        opens_on=dt.date(2026, 1, 15),
        deadline=dt.date(2026, 12, 15),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Tôn vinh những tấm gương bình dị làm việc tốt vì cộng đồng.",
        description=(
            "Phong trào “Người tốt, việc tốt” phát hiện, biểu dương những cá nhân, "
            "tập thể có hành động đẹp, việc làm tốt trong đời sống hằng ngày, cùng "
            "cuộc thi viết về người tốt quanh ta dành cho mọi người dân."
        ),
        criteria=(
            "Có hành động, việc làm tốt, có tác dụng nêu gương trong cộng đồng; "
            "được Ban công tác Mặt trận và Tổ dân phố xác nhận."
        ),
        awards=["Giấy khen của Chủ tịch UBND quận"],
    ),
    dict(
        name="Lao động giỏi, lao động sáng tạo",
        launched_by="Liên đoàn Lao động quận",
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2026, 2, 1),
        deadline=dt.date(2026, 12, 20),
        closes_on=dt.date(2027, 1, 31),
        status=CampaignStatus.OPEN,
        summary="Thi đua lao động giỏi, năng suất, chất lượng, hiệu quả.",
        description="Phong trào của công nhân, viên chức, người lao động trên địa bàn quận.",
        criteria="Hoàn thành xuất sắc nhiệm vụ; có sáng kiến được công nhận.",
        awards=["Giấy khen của Chủ tịch UBND quận"],
    ),
    dict(
        name="Phát huy sáng kiến cải tiến kỹ thuật",
        launched_by="Liên đoàn Lao động quận",
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2026, 3, 1),
        deadline=dt.date(2026, 11, 30),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Khuyến khích sáng kiến, cải tiến kỹ thuật, hợp lý hóa sản xuất.",
        criteria="Sáng kiến được Hội đồng sáng kiến cơ sở công nhận.",
        awards=["Giấy khen của Chủ tịch UBND quận"],
    ),
    dict(
        name="Giỏi việc nước, đảm việc nhà",
        launched_by="Hội Liên hiệp Phụ nữ quận",
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2026, 3, 8),
        deadline=dt.date(2026, 12, 10),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Tôn vinh phụ nữ giỏi việc nước, đảm việc nhà.",
        awards=["Giấy khen của Chủ tịch UBND quận"],
    ),
    dict(
        name="Cựu chiến binh gương mẫu",
        launched_by="Hội Cựu chiến binh quận",
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2025, 1, 10),
        deadline=dt.date(2025, 11, 30),
        closes_on=dt.date(2025, 12, 31),
        status=CampaignStatus.CLOSED,
        summary="Cựu chiến binh gương mẫu, giữ gìn phẩm chất Bộ đội Cụ Hồ.",
        awards=["Giấy khen của Chủ tịch UBND quận"],
    ),
    dict(
        name="Người Việt Nam ưu tiên dùng hàng Việt Nam",
        launched_by="Ủy ban MTTQ Việt Nam quận",
        kind=CampaignKind.THEMATIC,
        opens_on=dt.date(2026, 4, 1),
        deadline=dt.date(2026, 12, 1),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Người Việt Nam ưu tiên dùng hàng Việt Nam.",
        awards=["Giấy khen của Chủ tịch UBND quận"],
    ),
    dict(
        name="Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư",
        launched_by="Ủy ban MTTQ Việt Nam quận",
        kind=CampaignKind.ANNUAL,
        opens_on=dt.date(2026, 1, 5),
        deadline=dt.date(2026, 12, 5),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Xây dựng tổ dân phố văn hóa, gia đình văn hóa.",
        awards=["Tổ dân phố văn hóa", "Giấy khen của Chủ tịch UBND quận"],
    ),
    # The yearly staff titles are proposed by the unit managing the staff, once a year (Luật
    # Thi đua, khen thưởng 2022, Điều 83 khoản 1): one yearly review, offering only them
    # (campaigns.offers); the movements above offer Giấy khen and the residents' titles.
    dict(
        name=YEARLY_REVIEW_2026,
        launched_by="Ủy ban nhân dân quận Đống Đa",
        kind=CampaignKind.YEARLY_REVIEW,
        opens_on=dt.date(2026, 11, 16),
        deadline=dt.date(2026, 12, 20),
        closes_on=dt.date(2027, 1, 15),
        status=CampaignStatus.OPEN,
        summary="Bình xét danh hiệu thi đua năm 2026 của cán bộ, công chức, người lao động.",
        criteria=(
            "Đơn vị quản lý cán bộ đề nghị theo kết quả bình xét cuối năm; Chiến sĩ thi đua "
            "cơ sở cần sáng kiến được công nhận và không quá 15% số Lao động tiên tiến."
        ),
        awards=["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao động tiên tiến"],
    ),
    dict(
        name="Ngày vì người nghèo",
        launched_by="Ủy ban MTTQ Việt Nam quận",
        kind=CampaignKind.THEMATIC,
        opens_on=dt.date(2026, 10, 17),
        deadline=dt.date(2026, 12, 18),
        closes_on=dt.date(2026, 12, 31),
        status=CampaignStatus.OPEN,
        summary="Chung tay vì người nghèo, không để ai bị bỏ lại phía sau.",
        awards=["Giấy khen của Chủ tịch UBND quận"],
    ),
]

DEMO_PASSWORD = "thidua-demo-2026"  # noqa: S105 - published demo accounts, see README
# The chairman, the deputy and the secretary must give a two-factor code: their demo accounts
# share one published authenticator key (emulation.accounts.services.DEMO_SECRET, README).

USERS: list[dict[str, Any]] = [
    dict(
        username="quantri",
        full_name="Trần Minh Quân",
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
        position="Quản trị hệ thống",
    ),
    dict(
        username="thuky",
        full_name="Phạm Thị Lan",
        role=Role.SECRETARY,
        position="Chuyên viên Phòng Nội vụ, Thư ký Hội đồng",
    ),
    dict(
        username="hoidong1",
        full_name="Vũ Văn Hải",
        role=Role.MEMBER,
        position="Phó Chủ tịch UBND quận, Phó Chủ tịch Hội đồng",
    ),
    dict(
        username="hoidong2",
        full_name="Đặng Thu Trang",
        role=Role.MEMBER,
        position="Trưởng phòng Nội vụ",
    ),
    dict(
        username="hoidong3",
        full_name="Bùi Quốc Khánh",
        role=Role.MEMBER,
        position="Chủ tịch Liên đoàn Lao động quận",
    ),
    dict(
        username="chutich",
        full_name="Lê Tuấn Định",
        role=Role.CHAIRMAN,
        position="Chủ tịch UBND quận",
    ),
    dict(
        username="phochutich",
        full_name="Nguyễn Thanh Bình",
        role=Role.DEPUTY,
        position="Phó Chủ tịch UBND quận",
    ),
    dict(
        username="catlinh",
        full_name="Hoàng Văn Nam",
        role=Role.WARD_OFFICER,
        ward="Cát Linh",
        position="Cán bộ Văn phòng UBND phường",
    ),
    dict(
        username="thinhquang",
        full_name="Ngô Thị Hạnh",
        role=Role.WARD_OFFICER,
        ward="Thịnh Quang",
        position="Cán bộ Văn phòng UBND phường",
    ),
    dict(
        username="phuongmai",
        full_name="Lý Minh Đức",
        role=Role.WARD_OFFICER,
        ward="Phương Mai",
        position="Cán bộ Văn phòng UBND phường",
    ),
    dict(
        username="vanchuong",
        full_name="Trịnh Thị Yến",
        role=Role.WARD_OFFICER,
        ward="Văn Chương",
        position="Cán bộ Văn phòng UBND phường",
    ),
    dict(
        username="phuonglien",
        full_name="Đỗ Văn Long",
        role=Role.WARD_OFFICER,
        ward="Phương Liên",
        position="Cán bộ Văn phòng UBND phường",
    ),
]

DECISION: dict[str, Any] = dict(
    number=125,
    decided_on=dt.date(2026, 10, 15),
    title="Về việc tặng Giấy khen cho 05 cá nhân có thành tích xuất sắc trong phong trào "
    "“Người tốt, việc tốt” năm 2026",
    # The texts in force on 15/10/2026 (campaigns.law): Nghị định 152/2025/NĐ-CP replaced
    # Nghị định 98/2023/NĐ-CP on 01/7/2025; the money article (Điều 2) cites it too.
    legal_bases=(
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
        "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;"
    ),
    recipients="Như Điều 3;\nThường trực Quận ủy;\nLưu: VT, NV.",
)

HONOUREES: list[dict[str, Any]] = [
    dict(
        full_name="Nguyễn Đình Tính",
        gender=Gender.MALE,
        birth_year=1952,
        ward="Cát Linh",
        position="Bí thư Chi bộ, Trưởng Ban công tác Mặt trận số 10",
        field=Field.COMMUNITY,
        workplace="Tổ dân phố số 10, phường Cát Linh",
        featured=True,
        summary=(
            "33 năm làm công tác cộng đồng; vận động các hộ dân để giải phóng mặt bằng "
            "7 dự án mà không phải cưỡng chế một trường hợp nào."
        ),
        story=(
            "Hơn ba mươi năm gắn bó với khu dân cư, ông Nguyễn Đình Tính kiên trì đến "
            "từng nhà lắng nghe, giải thích chính sách. Nhờ sự tận tâm ấy, bảy dự án trên "
            "địa bàn phường Cát Linh được bàn giao mặt bằng đúng hạn, không một hộ nào "
            "phải cưỡng chế."
        ),
    ),
    dict(
        full_name="Đoàn Thị Mai",
        gender=Gender.FEMALE,
        birth_year=1961,
        ward="Thịnh Quang",
        position="Phó Bí thư Chi bộ khu dân cư số 12",
        field=Field.COMMUNITY,
        featured=True,
        workplace="Khu dân cư số 12, phường Thịnh Quang",
        summary=(
            "Đi từng ngõ, gõ từng nhà vận động bà con; tổ chức ngày hội gia đình nhân "
            "Ngày Gia đình Việt Nam 28/6."
        ),
        story=(
            "Bà Đoàn Thị Mai được bà con khu dân cư số 12 quý mến gọi là “người giữ lửa”. "
            "Mỗi dịp 28/6, bà cùng chi bộ tổ chức bữa cơm đoàn kết cho cả khu phố."
        ),
    ),
    dict(
        full_name="Nguyễn Thu Hà",
        gender=Gender.FEMALE,
        birth_year=1970,
        ward="Văn Chương",
        position="Chủ tịch Hội Chữ thập đỏ phường",
        field=Field.CHARITY,
        featured=True,
        workplace="Hội Chữ thập đỏ phường Văn Chương",
        summary=("Chăm lo cho bệnh nhân nghèo chạy thận nhân tạo trong những ngày dịch Covid-19."),
        story=(
            "Trong những tháng giãn cách, bà Nguyễn Thu Hà cùng hội viên Chữ thập đỏ nấu "
            "cơm, đưa đón bệnh nhân nghèo chạy thận để không ai lỡ một buổi lọc máu."
        ),
    ),
    dict(
        full_name="Ngô Thanh Thủy",
        gender=Gender.FEMALE,
        birth_year=1975,
        ward="Phương Mai",
        position="Người dân",
        field=Field.CHARITY,
        featured=True,
        workplace="Phường Phương Mai",
        summary=(
            "Bản thân là bệnh nhân ung thư, sáu năm làm từ thiện, biến ngôi nhà của mình "
            "thành nơi trú chân miễn phí cho bệnh nhân nghèo."
        ),
        story=(
            "Chị Ngô Thanh Thủy mở cửa ngôi nhà nhỏ ở Phương Mai cho người bệnh từ các "
            "tỉnh về Hà Nội điều trị, không lấy một đồng nào, dù chính chị cũng đang "
            "chiến đấu với bệnh ung thư."
        ),
    ),
    dict(
        full_name="Nguyễn Thị Thu Hương",
        gender=Gender.FEMALE,
        birth_year=1984,
        ward="Phương Liên",
        position="Giáo viên Trường Tiểu học Phương Liên",
        field=Field.EDUCATION,
        featured=False,
        workplace="Trường Tiểu học Phương Liên",
        summary=(
            "Gửi bánh Trung thu tặng trẻ em Hà Giang; dạy kèm miễn phí cho học sinh có "
            "hoàn cảnh khó khăn."
        ),
        story=(
            "Cô giáo Nguyễn Thị Thu Hương vận động đồng nghiệp, phụ huynh gửi hàng nghìn "
            "chiếc bánh Trung thu lên với học trò vùng cao Hà Giang, và mỗi tối vẫn dạy "
            "kèm miễn phí cho các em nhỏ trong phường."
        ),
    ),
]

# Dossiers in progress, so that every dashboard has something to show.
IN_PROGRESS: list[dict[str, Any]] = [
    dict(
        full_name="Trần Văn Bình",
        gender=Gender.MALE,
        birth_year=1968,
        ward="Cát Linh",
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
        ward="Cát Linh",
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
        ward="Thịnh Quang",
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
        ward="Thịnh Quang",
        position="Trưởng ban công tác Mặt trận",
        field=Field.COMMUNITY,
        state=NominationState.IN_REVIEW,
        campaign=GOOD_DEEDS,
        summary="Vận động xây dựng quỹ khuyến học của khu dân cư.",
    ),
    dict(
        full_name="Đinh Công Sơn",
        gender=Gender.MALE,
        birth_year=1985,
        ward="Phương Mai",
        position="Kỹ sư",
        field=Field.ECONOMY,
        state=NominationState.RECOMMENDED,
        campaign=GOOD_DEEDS,
        summary="Lắp đặt miễn phí hệ thống điện cho hộ nghèo.",
    ),
]
