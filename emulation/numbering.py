"""Document numbers: how they are written ("Số: 05/QĐ-UBND") and how they are taken.

Nghị định 30/2020/NĐ-CP, Điều 15 and Phụ lục I, mục II.3: the number of an administrative
document is the order of its registration at the issuer's văn thư, unique within the year and
restarting on 1 January; it is written in Arabic numerals, numbers below 10 with a leading zero
("05", "01"). Every reference the app prints (decisions, cover letters, minutes, the
verification page, exports, messages) goes through :func:`reference`, and every number is taken
through :func:`register`: one register per issuer (the authority, or one of its units), year
and document type (QĐ, TTr, BB …).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from emulation.models import Authority, RegisterCounter, RegisterEntry, User, Ward


def number_text(number: int) -> str:
    """``5`` → ``"05"``, ``126`` → ``"126"``. Raises ValueError for a number below 1."""
    if number < 1:
        raise ValueError(f"a document number starts at 1, not {number}")
    return f"{number:02d}"


def reference(number: int, symbol: str) -> str:
    """``(5, "QĐ-UBND")`` → ``"05/QĐ-UBND"``: the number and the symbol (ký hiệu)."""
    return f"{number_text(number)}/{symbol}"


class NumberTaken(ValidationError):
    """The number the văn thư entered is already in the register for that year and type."""


def _locked_counter(
    authority: Authority, unit: Ward | None, year: int, doc_type: str
) -> RegisterCounter:
    from emulation.models import RegisterCounter

    key: dict[str, Any] = {"authority": authority, "unit": unit, "year": year, "doc_type": doc_type}
    try:
        with transaction.atomic():  # a savepoint: a concurrent creation loses cleanly
            RegisterCounter.objects.get_or_create(**key)
    except IntegrityError:
        pass  # created by the other transaction meanwhile; lock it below
    return RegisterCounter.objects.select_for_update().get(**key)


def register(
    *,
    authority: Authority,
    doc_type: str,
    symbol: str,
    on: dt.date,
    unit: Ward | None = None,
    subject: str = "",
    signer_name: str = "",
    by: User | None = None,
    number: int | None = None,
) -> RegisterEntry:
    """Enter one outgoing document in its issuer's register and return the entry.

    ``doc_type`` is a :class:`emulation.models.DocumentType` value ("QĐ", "TTr", "BB" …);
    ``on`` is the document's date, whose year chooses the register. Without ``number`` the next
    free number of that register is given (1 on a fresh year); with ``number`` (the văn thư
    numbers in the office's own system) that number is checked to be free. Must run inside the
    caller's transaction: the counter row stays locked until it commits, so concurrent
    registrations get consecutive numbers.

    Raises :class:`NumberTaken` when ``number`` is already registered, ``ValueError`` for a
    number below 1.
    """
    from emulation.models import RegisterEntry

    counter = _locked_counter(authority, unit, on.year, doc_type)
    entries = RegisterEntry.objects.filter(
        authority=authority, unit=unit, year=on.year, doc_type=doc_type
    )
    if number is None:
        number = counter.last_number + 1
        while entries.filter(number=number).exists():  # numbers the văn thư entered by hand
            number += 1
        by_hand = False
    else:
        number_text(number)  # ValueError below 1
        taken = entries.filter(number=number).first()
        if taken is not None:
            raise NumberTaken(
                _("Số %(reference)s năm %(year)s đã được vào sổ ngày %(date)s.")
                % {
                    "reference": reference(number, taken.symbol),
                    "year": on.year,
                    "date": f"{taken.registered_on:%d/%m/%Y}",
                }
            )
        by_hand = True
    counter.last_number = max(counter.last_number, number)
    counter.save(update_fields=["last_number"])
    return RegisterEntry.objects.create(
        authority=authority,
        unit=unit,
        year=on.year,
        doc_type=doc_type,
        number=number,
        symbol=symbol,
        registered_on=on,
        subject=subject[:500],
        signer_name=signer_name[:150],
        registered_by=by,
        entered_by_hand=by_hand,
    )


def next_number(authority: Authority, doc_type: str, year: int, unit: Ward | None = None) -> int:
    """The number :func:`register` would give next (for a confirmation's wording; not held)."""
    from emulation.models import RegisterCounter, RegisterEntry

    counter = RegisterCounter.objects.filter(
        authority=authority, unit=unit, year=year, doc_type=doc_type
    ).first()
    number = (counter.last_number if counter else 0) + 1
    taken = set(
        RegisterEntry.objects.filter(
            authority=authority, unit=unit, year=year, doc_type=doc_type, number__gte=number
        ).values_list("number", flat=True)
    )
    while number in taken:
        number += 1
    return number
