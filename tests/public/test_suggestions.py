"""The residents' suggestion form and its spam defences."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.urls import reverse

from nominations.models import Suggestion
from nominations.models.storage import private_storage
from nominations.suggestions import services as suggestions
from tests.public.conftest import photo_upload

pytestmark = pytest.mark.django_db

DEEDS = "Bà đã nấu cơm miễn phí cho bệnh nhân nghèo suốt mười năm ở cổng bệnh viện."


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.SUGGESTION_MIN_FILL_SECONDS = 3
    settings.SUGGESTIONS_PER_IP_PER_HOUR = 5


def old_timestamp(seconds_ago: int = 60) -> str:
    """A token signed as if the form had been shown some time ago."""
    signer = signing.TimestampSigner(salt=suggestions.TIMESTAMP_SALT)
    real_time = time.time
    try:
        time.time = lambda: real_time() - seconds_ago
        return signer.sign(str(int(real_time() - seconds_ago)))
    finally:
        time.time = real_time


def data(the_ward, **extra) -> dict:
    return {
        "nominee_name": "Lê Thị Hồng",
        "ward": the_ward.pk,
        "nominee_where": "Tổ dân phố 5",
        "deeds": DEEDS,
        "writer_name": "Trần Văn Viết",
        "writer_contact": "0901234567",
        "website": "",
        "started": old_timestamp(),
        **extra,
    }


def test_form_page(client, ward):
    response = client.get(reverse("suggest"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="website"' in html and 'class="hp-field" aria-hidden="true"' in html
    assert 'name="started"' in html
    assert f'<option value="{ward.pk}">Cát Linh</option>' in html


def test_a_resident_suggests_a_person(client, ward):
    response = client.post(reverse("suggest"), data(ward), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response["Location"] == reverse("suggest-thanks")
    saved = Suggestion.objects.get()
    assert (saved.nominee_name, saved.ward, saved.deeds, saved.writer_contact, saved.state) == (
        "Lê Thị Hồng",
        ward,
        DEEDS,
        "0901234567",
        "new",
    )
    # The address is never stored, only its keyed hash.
    assert saved.ip_hash == suggestions.hash_ip("203.0.113.7")
    assert "203.0.113.7" not in saved.ip_hash and len(saved.ip_hash) == 64
    thanks = client.get(reverse("suggest-thanks")).content.decode()
    assert "Cảm ơn bạn đã giới thiệu người tốt, việc tốt!" in thanks


def test_honeypot_drops_the_post_silently(client, ward):
    response = client.post(reverse("suggest"), data(ward, website="http://spam.example"))
    assert response["Location"] == reverse("suggest-thanks")
    assert Suggestion.objects.count() == 0


def test_too_fast_is_refused_politely_with_a_fresh_token(client, ward, settings):
    # However slow the machine, this post comes sooner than the minimum fill time.
    settings.SUGGESTION_MIN_FILL_SECONDS = 3600
    fresh = suggestions.new_timestamp()
    response = client.post(reverse("suggest"), data(ward, started=fresh))
    assert response.status_code == 200
    assert Suggestion.objects.count() == 0
    html = response.content.decode()
    assert "Bạn gửi hơi nhanh. Xin đọc lại nội dung rồi bấm gửi lại." in html
    # What the resident typed is kept.
    assert "Lê Thị Hồng" in html and DEEDS in html


@pytest.mark.parametrize("token", ["", "123", "1700000000:forged-signature"])
def test_missing_or_forged_timestamp_is_refused(client, ward, token):
    response = client.post(reverse("suggest"), data(ward, started=token))
    assert response.status_code == 200
    assert "Biểu mẫu đã hết hạn. Xin gửi lại." in response.content.decode()
    assert Suggestion.objects.count() == 0


def test_limit_per_ip_address_and_hour(client, ward):
    for _ in range(5):
        assert (
            client.post(reverse("suggest"), data(ward), REMOTE_ADDR="198.51.100.1").status_code
            == 302
        )
    response = client.post(reverse("suggest"), data(ward), REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert "xin vui lòng gửi tiếp sau ít phút nữa" in response.content.decode()
    assert Suggestion.objects.count() == 5
    # Another address is not affected; X-Forwarded-For cannot be used to dodge the limit.
    assert (
        client.post(reverse("suggest"), data(ward), REMOTE_ADDR="198.51.100.2").status_code == 302
    )
    assert (
        client.post(
            reverse("suggest"),
            data(ward),
            REMOTE_ADDR="198.51.100.1",
            HTTP_X_FORWARDED_FOR="10.9.9.9",
        ).status_code
        == 429
    )
    assert Suggestion.objects.count() == 6


def test_an_hour_later_the_limit_is_lifted(client, ward, time_machine):
    time_machine.move_to("2026-11-20 08:00 +07:00", tick=False)
    for _ in range(5):
        client.post(reverse("suggest"), data(ward), REMOTE_ADDR="198.51.100.1")
    time_machine.move_to("2026-11-20 09:01 +07:00", tick=False)
    assert (
        client.post(reverse("suggest"), data(ward), REMOTE_ADDR="198.51.100.1").status_code == 302
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("deeds", "Tốt lắm.", "Xin kể cụ thể hơn (ít nhất 30 ký tự)."),
        ("deeds", "x" * 5001, "Giá trị này chỉ có tối đa 5000 kí tự (hiện có 5001)"),
        ("nominee_name", "N" * 201, "Giá trị này chỉ có tối đa 200 kí tự (hiện có 201)"),
        ("nominee_name", "   ", "Trường này là bắt buộc."),
        ("writer_contact", "", "Trường này là bắt buộc."),
        ("ward", "999999", "Hãy chọn một lựa chọn hợp lệ."),
    ],
)
def test_text_limits_and_required_fields(client, ward, field, value, message):
    response = client.post(reverse("suggest"), data(ward, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Suggestion.objects.count() == 0


def test_html_is_shown_escaped_to_the_officer(client, ward, officer):
    client.post(
        reverse("suggest"),
        data(ward, nominee_name="<b>Lê</b> Hồng", deeds="<script>alert('x')</script> " + DEEDS),
    )
    suggestion = Suggestion.objects.get()
    client.force_login(officer)
    html = client.get(reverse("suggestion-detail", kwargs={"pk": suggestion.pk})).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Lê&lt;/b&gt; Hồng" in html


def test_photo_is_checked_cleaned_and_private(client, ward, settings):
    response = client.post(reverse("suggest"), {**data(ward), "photo": photo_upload()})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.photo.name.startswith("suggestions/")
    assert Suggestion._meta.get_field("photo").storage is private_storage
    assert not suggestion.photo.path.startswith(str(settings.MEDIA_ROOT))


def test_a_fake_photo_is_refused(client, ward):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 'x'; ?>" * 10, content_type="image/jpeg")
    response = client.post(reverse("suggest"), {**data(ward), "photo": fake})
    assert response.status_code == 200
    assert Suggestion.objects.count() == 0
    assert "photo" in response.context["form"].errors


# --- the writer's contact: a Vietnamese phone number (emulation.phone) or an e-mail address ----


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0901 234 567", "0901234567"),
        ("+84 901 234 567", "0901234567"),
        ("an@example.vn", "an@example.vn"),
    ],
)
def test_the_writers_contact_is_stored_normalised(client, ward, typed, stored):
    response = client.post(reverse("suggest"), data(ward, writer_contact=typed))
    assert response.status_code == 302
    assert Suggestion.objects.get().writer_contact == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "901234567",
            "“901234567” thiếu số 0 ở đầu (Excel thường bỏ số 0 khi ô để dạng số): hãy ghi "
            "0901234567.",
        ),
        ("an@", "Địa chỉ thư điện tử không hợp lệ."),
    ],
)
def test_a_bad_contact_is_refused_next_to_the_field(client, ward, typed, message):
    response = client.post(reverse("suggest"), data(ward, writer_contact=typed))
    assert response.status_code == 200
    assert response.context["form"].errors["writer_contact"] == [message]
    assert Suggestion.objects.count() == 0
