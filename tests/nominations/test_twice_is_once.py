"""Issue #15, "Twice is once", a ward officer's forms: each posted a second time as it was the
first time changes nothing more and sends the browser where the first post did."""

from __future__ import annotations

from django.urls import reverse

from emulation import once
from emulation.models import FormSubmission
from nominations.models import Evidence, Nomination, Nominee, Transition
from tests import factories
from tests.nominations.conftest import form_data, minimal_pdf, upload


def _locations(*responses):
    return [(r.status_code, r.get("Location")) for r in responses]


def test_new_dossier_posted_twice_is_one_draft(client, officer, campaign):
    client.force_login(officer)
    data = {**form_data(campaign), once.FIELD: once.new_token()}
    first = client.post(reverse("nomination-create"), data)
    second = client.post(reverse("nomination-create"), data)
    nom = Nomination.objects.get()
    detail = reverse("nomination-detail", args=[nom.pk])
    assert _locations(first, second) == [(302, detail), (302, detail)]
    assert (Nominee.objects.count(), Transition.objects.count()) == (1, 1)
    assert FormSubmission.objects.get().result_url == detail


def test_new_dossier_form_carries_a_fresh_token_each_time(client, officer, campaign):
    client.force_login(officer)
    url = reverse("nomination-create") + f"?campaign={campaign.pk}&kind=individual"
    pages = [client.get(url).content.decode() for _ in range(2)]
    tokens = [p.split(f'name="{once.FIELD}" value="', 1)[1].split('"', 1)[0] for p in pages]
    assert len(set(tokens)) == 2 and all(once.TOKEN_PATTERN.fullmatch(t) for t in tokens)


def test_a_refused_post_does_not_use_up_its_token(client, officer, campaign):
    """A form error rolls the token back: the corrected form, same token, is saved."""
    client.force_login(officer)
    token = once.new_token()
    refused = client.post(
        reverse("nomination-create"), {**form_data(campaign, full_name=""), once.FIELD: token}
    )
    assert refused.status_code == 200
    assert not FormSubmission.objects.exists()
    saved = client.post(reverse("nomination-create"), {**form_data(campaign), once.FIELD: token})
    assert saved.status_code == 302
    assert Nomination.objects.count() == 1


def test_another_users_token_is_not_a_replay(client, officer, campaign, ward):
    """Keys are per user: another officer's post with the same token is processed."""
    token = once.new_token()
    client.force_login(officer)
    client.post(reverse("nomination-create"), {**form_data(campaign), once.FIELD: token})
    colleague = factories.UserFactory(username="catlinh2", role="ward_officer", ward=ward)
    client.force_login(colleague)
    data = {**form_data(campaign, full_name="Đoàn Thị Mai"), once.FIELD: token}
    response = client.post(reverse("nomination-create"), data)
    assert Nomination.objects.count() == 2
    assert response.url == reverse("nomination-detail", args=[Nomination.objects.latest("pk").pk])


def test_edit_posted_twice_is_saved_once(client, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    data = {**form_data(campaign), "version": nom.version, once.FIELD: once.new_token()}
    data.pop("campaign"), data.pop("kind")
    responses = [client.post(reverse("nomination-edit", args=[nom.pk]), data) for _ in range(2)]
    detail = reverse("nomination-detail", args=[nom.pk])
    assert _locations(*responses) == [(302, detail), (302, detail)]
    nom.refresh_from_db()
    assert (nom.version, nom.nominee.full_name) == (2, "Nguyễn Đình Tính")
    assert list(nom.transitions.values_list("action", flat=True)) == ["edit"]


def test_evidence_posted_twice_is_stored_once(client, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    token = once.new_token()
    responses = [
        client.post(
            reverse("evidence-upload", args=[nom.pk]),
            {"files": [upload("bien-ban.pdf", minimal_pdf())], once.FIELD: token},
        )
        for _ in range(2)
    ]
    detail = reverse("nomination-detail", args=[nom.pk])
    assert _locations(*responses) == [(302, detail), (302, detail)]
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["bien-ban.pdf"]
    # Removing it twice: the second press finds nothing, answers as the first.
    item = Evidence.objects.get()
    url = reverse("evidence-delete", args=[nom.pk, item.pk])
    assert _locations(client.post(url), client.post(url)) == [(302, detail), (302, detail)]
    assert not Evidence.objects.exists()


def test_submit_and_withdraw_posted_twice_change_once(client, officer, campaign, authority):
    # authority: a submission makes the tờ trình addressed to it (docs2 merge)
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign, created_by=officer)
    client.force_login(officer)
    detail = reverse("nomination-detail", args=[nom.pk])
    url = reverse("nomination-submit", args=[nom.pk])
    assert _locations(client.post(url), client.post(url)) == [(302, detail), (302, detail)]
    nom.refresh_from_db()
    assert (nom.state, nom.version) == ("submitted", 2)
    url = reverse("nomination-withdraw", args=[nom.pk])
    assert _locations(client.post(url), client.post(url)) == [(302, detail), (302, detail)]
    assert list(nom.transitions.values_list("action", flat=True)) == ["submit", "withdraw"]


def test_delete_posted_twice(client, officer, campaign):
    nom = factories.NominationFactory(ward=officer.ward, campaign=campaign)
    client.force_login(officer)
    url = reverse("nomination-delete", args=[nom.pk])
    listing = reverse("nomination-list")
    assert _locations(client.post(url), client.post(url)) == [(302, listing), (302, listing)]
    assert not Nomination.objects.exists()


def test_person_key_is_kept_on_every_save(officer, campaign):
    nom = factories.NominationFactory(
        ward=officer.ward, campaign=campaign, nominee__full_name="Đoàn Thị Mai"
    )
    assert nom.person_key == f"{officer.ward_id}:doan thi mai:1970"
    nominee = factories.NomineeFactory(
        ward=officer.ward, full_name="Ngô Thanh Thủy", birth_year=None
    )
    nom.nominee = nominee
    nom.save(update_fields=["nominee"])
    assert Nomination.objects.get(pk=nom.pk).person_key == f"{officer.ward_id}:ngo thanh thuy:"
