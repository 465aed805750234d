"""Print the current two-factor code of the demo accounts (DEBUG only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from emulation.accounts import services as two_factor


class Command(BaseCommand):
    help = "In mã xác thực hai lớp hiện tại của các tài khoản mẫu (chỉ khi DEBUG)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or settings.DEMO):
            raise CommandError("Chỉ dùng cho bản chạy thử (DEBUG=true).")
        code = totp(bytes.fromhex(two_factor.DEMO_KEY_HEX))
        self.stdout.write(f"{code:06d}")
