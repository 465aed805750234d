"""``manage.py prefill_holidays 2027``: add the standard calendar's days of a year to the
``Holiday`` table where it has no row for the date (emulation.public_holidays.prefill)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from emulation import public_holidays


class Command(BaseCommand):
    help = (
        "Điền sẵn ngày nghỉ lễ, tết của một năm theo lịch chuẩn (gói holidays); không sửa, "
        "không xóa các ngày quản trị đã nhập."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="Năm, ví dụ 2027")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not public_holidays.FIRST_YEAR <= year <= public_holidays.LAST_YEAR:
            raise CommandError(
                f"Năm phải từ {public_holidays.FIRST_YEAR} đến {public_holidays.LAST_YEAR}."
            )
        added, kept = public_holidays.prefill(year)
        for row in added:
            self.stdout.write(f"+ {row.date:%d/%m/%Y} {row.name} ({row.get_kind_display()})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Năm {year}: thêm {len(added)} ngày; giữ nguyên {kept} ngày đã có trong bảng."
            )
        )
        differences = public_holidays.differences(year)
        if differences:
            self.stdout.write(
                f"Còn {len(differences)} ngày khác lịch chuẩn: xem trang “So sánh với lịch chuẩn”."
            )
