"""Generated texts say each place once (issue #16): certificate, decision list, export, letter."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from emulation.text import place_line
from nominations.decisions import services as decisions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("parts", "ward", "said", "expected"),
    [
        (
            ("Tổ trưởng tổ dân phố", "Tổ dân phố số 3"),
            "Cát Linh",
            "",
            "Tổ trưởng tổ dân phố, Tổ dân phố số 3, phường Cát Linh",
        ),
        (
            ("", "Tổ dân phố số 10, phường Cát Linh"),
            "Cát Linh",
            "",
            "Tổ dân phố số 10, phường Cát Linh",
        ),
        (
            ("", "Tổ dân phố số 10, PHƯỜNG CÁT LINH"),
            "Cát Linh",
            "",
            "Tổ dân phố số 10, PHƯỜNG CÁT LINH",
        ),
        (("",), "Cát Linh", "Tổ dân phố số 7, phường Cát Linh", ""),
        (("Tổ dân phố số 3", "tổ dân phố số 3"), "", "", "Tổ dân phố số 3"),
        (
            ("Chủ tịch Hội Chữ thập đỏ phường", "Hội Chữ thập đỏ phường Văn Chương"),
            "Văn Chương",
            "",
            "Chủ tịch Hội Chữ thập đỏ phường, Hội Chữ thập đỏ phường Văn Chương",
        ),
        # "Cát Linh" inside another word sequence is not the ward phrase.
        (("Trường Cát Linh Xanh",), "Cát Linh", "", "Trường Cát Linh Xanh, phường Cát Linh"),
        ((None, "  "), "", "", ""),
    ],
)
def test_place_line(parts, ward, said, expected):
    assert place_line(*parts, ward=ward, said=said) == expected


@pytest.fixture
def issued(secretary, chairman, make_nomination, campaign, authority, base_salaries):
    team = make_nomination(
        "recommended",
        name="Tổ dân phố số 7, phường Cát Linh",
        nominee__kind="collective",
        nominee__position="",
        nominee__workplace="phường Cát Linh",
    )
    person = make_nomination(
        "recommended",
        name="Nguyễn Đình Tính",
        nominee__position="Tổ trưởng tổ dân phố",
        nominee__workplace="Tổ dân phố số 10, phường Cát Linh",
    )
    return decisions.issue(decisions.draft(secretary, [team, person], campaign=campaign), chairman)


def _pdf_text(response) -> str:
    body = b"".join(response) if response.streaming else response.content
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"\s+", " ", text)


def test_certificates_and_decision_say_the_ward_once(client, issued, secretary):
    client.force_login(secretary)
    certificates = _pdf_text(client.get(reverse("decision-certificates", args=[issued.pk])))
    assert "Tổ dân phố số 7, phường Cát Linh" in certificates
    assert certificates.count("phường Cát Linh") == 2  # the team's name; the person's line
    assert "Tổ trưởng tổ dân phố, phường Cát Linh" in certificates
    decision = _pdf_text(client.get(reverse("decision-pdf", args=[issued.pk])))
    assert "Cát Linh, phường Cát Linh" not in decision


def test_awardee_export_says_the_ward_once(client, issued, secretary):
    client.force_login(secretary)
    response = client.get(reverse("reports-decision-export", args=[issued.pk]), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert sorted(row[2] for row in rows[1:-1]) == [
        "Tổ trưởng tổ dân phố, Tổ dân phố số 10, phường Cát Linh",
        "phường Cát Linh",
    ]


def test_pre_printed_blanks_say_the_ward_once(client, issued, secretary):
    """The same kind of fault on the blanks (`?phoi=1`): the team's name already says the ward,
    the person's line says it once."""
    client.force_login(secretary)
    url = reverse("decision-certificates", args=[issued.pk]) + "?phoi=1"
    blanks = _pdf_text(client.get(url))
    assert blanks.count("phường Cát Linh") == 2  # the team's name; the person's line
    assert "Tổ trưởng tổ dân phố, phường Cát Linh" in blanks
