"""Benchmark of the Excel import's file checks (not a test; not run by CI). No database.

    .venv/bin/python bench/import_bench.py [--megabytes 57]

Builds the file of issue #15: a workbook of the import template's header row whose
shared-strings part holds 57 MB of short Vietnamese strings (about 1.1 million of them),
deflated into less than 5 MB, so that it passes the upload size limit. Then measures, each in a
fresh child process so that the peak RSS is the step's own (``ru_maxrss``):

- "before": what the import did with such a file until the checks of issue #15 (its ZIP checks
  let it through): ``openpyxl.load_workbook(read_only=True)``, which reads the whole
  shared-strings table into memory, then the rows;
- "now": ``imports.check_file``, which refuses it from the ZIP directory;
- the same two steps on a file just under the per-part cap (``MAX_PART_BYTES``) made of short
  strings (refused by the pre-scan's count, ``MAX_SHARED_STRINGS``), and on the largest file
  both caps accept (long strings): ``check_file`` (pre-scan) then the rows.

Prints a Markdown table (wall time, peak RSS, RSS of the same process before the step).
The builders are also used by tests/reports/test_imports.py.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_WORDS = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Văn",
    "Thị",
    "An",
    "Bình",
    "Hương",
    "Mai",
    "Tính",
    "tổ dân phố",
    "phường",
    "Cát Linh",
    "Văn Chương",
    "người tốt",
    "việc tốt",
]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _filler_block(size: int, rng: random.Random) -> tuple[bytes, int]:
    """About ``size`` bytes of <si> elements (short names, a number, a motto) and their count;
    repeated, it deflates about 12 to 1 (level 1)."""
    parts, total = [], 0
    while total < size:
        item = (
            f"<si><t>{rng.choice(_WORDS)} {rng.getrandbits(8)} Người tốt, việc tốt</t></si>"
        ).encode()
        parts.append(item)
        total += len(item)
    return b"".join(parts), len(parts)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook xmlns="{SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Hồ sơ" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def _workbook_with_strings(
    headers: list[str], count: int, write_filler: Callable[[IO[bytes]], None], level: int
) -> bytes:
    """A minimal xlsx, as Excel lays one out: one sheet "Hồ sơ" whose row 1 refers to the
    shared strings 0..len(headers)-1 (the headers), then ``write_filler`` writes the rest of the
    shared-strings table (``count`` strings in all)."""
    from openpyxl.utils import get_column_letter

    cells = "".join(
        f'<c r="{get_column_letter(index)}1" t="s"><v>{index - 1}</v></c>'
        for index in range(1, len(headers) + 1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1">{cells}</row></sheetData>'
        "</worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<sst xmlns="{SHEET_NS}" count="{count}" uniqueCount="{count}">'.encode()
            )
            member.write("".join(f"<si><t>{_escape(h)}</t></si>" for h in headers).encode())
            write_filler(member)
            member.write(b"</sst>")
    return out.getvalue()


def shared_strings_xlsx(megabytes: float, unique_block: int = 1024 * 1024) -> bytes:
    """A workbook whose "Hồ sơ" sheet holds the import template's header row and whose
    ``xl/sharedStrings.xml`` is at least ``megabytes`` MiB: the header's strings then short
    filler strings, deflated at level 1. With 57 MiB the file is about 4.8 MB and the table
    holds about 1.1 million strings.

    ``unique_block``: the filler is one block of that many bytes repeated; the deflate window
    is 32 KiB, so a block of 1 MiB compresses as fresh text would (about 12 to 1).
    """
    from nominations.reports import imports

    headers = [c.header for c in imports.columns()]
    block, per_block = _filler_block(unique_block, random.Random(15))
    copies = -(-int(megabytes * 1024 * 1024) // len(block))  # rounded up

    def filler(member: IO[bytes]) -> None:
        for _ in range(copies):
            member.write(block)

    return _workbook_with_strings(headers, len(headers) + copies * per_block, filler, level=1)


def long_strings_xlsx(megabytes: float, strings: int) -> bytes:
    """Like ``shared_strings_xlsx`` with ``strings`` long, distinct strings filling about
    ``megabytes`` MiB: the largest shared-strings table the caps accept."""
    from nominations.reports import imports

    headers = [c.header for c in imports.columns()]
    rng = random.Random(15)
    each = int(megabytes * 1024 * 1024) // strings - 24  # bytes of text per string

    def filler(member: IO[bytes]) -> None:
        for number in range(strings):
            words = f"{number}"
            while len(words.encode()) < each:
                words += " " + rng.choice(_WORDS)
            member.write(f"<si><t>{words}</t></si>".encode())

    return _workbook_with_strings(headers, len(headers) + strings, filler, level=6)


# --- measurements (child processes) ------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step(step: str, path: str) -> None:
    _django()
    from openpyxl import load_workbook

    from nominations.reports import imports

    before = _rss_mb()
    started = time.perf_counter()
    outcome = ""
    if step == "openpyxl":
        wb = load_workbook(path, read_only=True, data_only=False, keep_links=False)
        ws = wb[imports.DATA_SHEET]
        rows = sum(1 for _ in ws.iter_rows())
        wb.close()
        outcome = f"read, {rows} row(s)"
    else:
        try:
            imports.check_file(Path(path))
            rows = len(imports._read_rows(Path(path)))
            outcome = f"accepted, {rows} row(s)"
        except imports.ImportRefused as refused:
            outcome = f"refused: {refused.message}"
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 3),
                "peak_mb": round(_rss_mb(), 1),
                "before_mb": round(before, 1),
                "outcome": outcome,
            }
        )
    )


def _measure(step: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--step", step, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=57.0)
    parser.add_argument("--step", nargs=2, metavar=("STEP", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _step(*args.step)
        return
    _django()
    from nominations.reports import imports

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "shared-strings.xlsx"
        started = time.perf_counter()
        big.write_bytes(shared_strings_xlsx(args.megabytes))
        built = time.perf_counter() - started
        with zipfile.ZipFile(big) as archive:
            sst = archive.getinfo("xl/sharedStrings.xml")
        # At the cap: as many bytes as the cap allows, within the count of strings allowed
        # (a block of 10 MiB / 30,000 strings = about 350 bytes a string: long texts).
        cap_mb = (imports.MAX_PART_BYTES - 4096) / 1024 / 1024
        # Under the byte cap (9 MiB, the filler comes by whole MiB) but with short strings:
        # about 175,000 of them.
        short = Path(folder) / "short-strings.xlsx"
        short.write_bytes(shared_strings_xlsx(9))
        at_cap = Path(folder) / "at-cap.xlsx"
        at_cap.write_bytes(long_strings_xlsx(cap_mb, imports.MAX_SHARED_STRINGS - 100))
        print(
            f"File: {big.stat().st_size / 1e6:.2f} MB on disk, shared strings "
            f"{sst.file_size / 2**20:.1f} MiB uncompressed (built in {built:.1f} s); load "
            f"average {load:.1f}\n"
        )
        print("| file | step | time | peak RSS | RSS before | outcome |")
        print("|---|---|---:|---:|---:|---|")
        for name, path, steps in (
            (f"{sst.file_size / 2**20:.0f} MiB shared strings", big, ("openpyxl", "check")),
            ("9.0 MiB of short strings", short, ("openpyxl", "check")),
            (f"{cap_mb:.1f} MiB of long strings (at both caps)", at_cap, ("openpyxl", "check")),
        ):
            for step in steps:
                label = {"openpyxl": "before (openpyxl reads it)", "check": "now (checks)"}[step]
                figures = _measure(step, path)
                print(
                    f"| {name} | {label} | {figures['seconds']} s | {figures['peak_mb']} MB | "
                    f"{figures['before_mb']} MB | {str(figures['outcome'])[:60]} |"
                )


if __name__ == "__main__":
    main()
