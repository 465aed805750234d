"""How a document's number is written: "Số: 05/QĐ-UBND".

Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.3: the number of an administrative document is
written in Arabic numerals, and numbers below 10 take a leading zero ("05", "01"); numbering
restarts on 1 January. Every reference the app prints (decisions, cover letters, the
verification page, exports, messages) goes through :func:`reference`.
"""

from __future__ import annotations


def number_text(number: int) -> str:
    """``5`` → ``"05"``, ``126`` → ``"126"``. Raises ValueError for a number below 1."""
    if number < 1:
        raise ValueError(f"a document number starts at 1, not {number}")
    return f"{number:02d}"


def reference(number: int, symbol: str) -> str:
    """``(5, "QĐ-UBND")`` → ``"05/QĐ-UBND"``: the number and the symbol (ký hiệu)."""
    return f"{number_text(number)}/{symbol}"
