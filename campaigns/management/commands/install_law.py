"""Install the law's rows (campaigns.law) in a fresh database: base salaries, legal texts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns import law
from campaigns.models import AwardKind, BaseSalary, LegalText


class Command(BaseCommand):
    help = "Thêm mức lương cơ sở và văn bản pháp luật còn thiếu (dữ liệu đã có được giữ nguyên)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        law.install(BaseSalary, LegalText, AwardKind)
        self.stdout.write(
            f"{BaseSalary.objects.count()} mức lương cơ sở, "
            f"{LegalText.objects.count()} văn bản pháp luật."
        )
