"""The decision lifecycle tells people: the signers when a draft is submitted, the wards when
it is published (nominations.decisions.services → nominations.notices)."""

from __future__ import annotations

import pytest
from django.core import mail

from nominations.decisions import services as decisions
from nominations.models import Notice
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_submitting_tells_the_signers_and_publishing_tells_the_ward(
    authority, secretary, chairman, make_nomination, campaign, officer, base_salaries
):
    deputy = factories.UserFactory(username="phochutich", role="deputy", full_name="Trần Văn B")
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)

    decisions.submit(draft, secretary)
    to_sign = Notice.objects.filter(kind="to_sign").order_by("recipient__username")
    assert [n.recipient for n in to_sign] == [chairman, deputy]
    assert Notice.objects.filter(kind="published").count() == 0

    decisions.issue(draft, chairman)  # signs, registers and publishes what is left
    published = Notice.objects.filter(kind="published")
    assert [n.recipient for n in published] == [officer]
    assert any(officer.email in m.to for m in mail.outbox)
