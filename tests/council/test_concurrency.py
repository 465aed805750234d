"""Numbering under real concurrency: threads, transactions and PostgreSQL row locks."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from emulation.models import RegisterCounter
from nominations.decisions import services as decisions
from nominations.models import Decision
from nominations.workflow import WorkflowError

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def _run_together(target, args_list):
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def worker(*args):
        try:
            barrier.wait(timeout=30)
            results.append(target(*args))
        except Exception as err:
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_twenty_decisions_issued_at_once_get_consecutive_numbers(
    secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    assert connection.vendor == "postgresql"
    RegisterCounter.objects.create(doc_type="QĐ", authority=authority, year=2026, last_number=124)
    drafts = [
        decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
        for _ in range(THREADS)
    ]
    day = dt.date(2026, 11, 26)

    results, errors = _run_together(
        lambda d: decisions.issue(d, chairman, today=day).number, [(d,) for d in drafts]
    )

    assert errors == []
    assert sorted(results) == list(range(125, 125 + THREADS))
    assert sorted(Decision.objects.values_list("number", flat=True)) == list(
        range(125, 125 + THREADS)
    )
    assert RegisterCounter.objects.get(authority=authority, year=2026).last_number == 144


def test_first_number_of_a_new_year_under_concurrency(
    secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    """No counter row yet: the racing get_or_create must still hand out 1..N."""
    drafts = [
        decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
        for _ in range(8)
    ]
    results, errors = _run_together(
        lambda d: decisions.issue(d, chairman, today=dt.date(2027, 1, 4)).number,
        [(d,) for d in drafts],
    )
    assert errors == []
    assert sorted(results) == list(range(1, 9))


def test_the_same_decision_pressed_twice_at_once_is_issued_once(
    secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    results, errors = _run_together(
        lambda d: decisions.issue(d, chairman, today=dt.date(2026, 11, 26)).number,
        [(draft,), (draft,)],
    )
    assert results == [1]
    assert [type(e) for e in errors] == [WorkflowError]
    assert RegisterCounter.objects.get().last_number == 1


def test_chairman_and_deputy_signing_at_once_sign_once(
    secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    """Two people signing at once: the row lock and the state check leave one signature; the
    other is told, and nothing of his is written."""
    from tests import factories

    deputy = factories.UserFactory(
        username="phochutich", role="deputy", full_name="Nguyễn Thanh Bình"
    )
    draft = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
    decisions.submit(draft, secretary)
    results, errors = _run_together(
        lambda user: decisions.sign(draft, user, today=dt.date(2026, 11, 26)).signer_name,
        [(chairman,), (deputy,)],
    )
    assert len(results) == 1
    assert [e.message for e in errors] == ["Quyết định này đã được ký, không thể ký lại."]
    signed = Decision.objects.get(pk=draft.pk)
    assert (signed.state, signed.signer_name) == ("signed", results[0])


def test_registrations_at_once_take_consecutive_numbers_and_one_each(
    secretary, chairman, make_nomination, campaign, authority, base_salaries
):
    signed = []
    for _ in range(6):
        d = decisions.draft(secretary, [make_nomination("recommended")], campaign=campaign)
        decisions.submit(d, secretary)
        signed.append(decisions.sign(d, chairman, today=dt.date(2026, 11, 26)))
    day = dt.date(2026, 11, 27)
    # Each decision registered twice at once (a double click): six numbers, not twelve.
    results, errors = _run_together(
        lambda d: decisions.register(d, secretary, day).number,
        [(d,) for d in signed for _ in range(2)],
    )
    assert sorted(results) == list(range(1, 7))
    assert {type(e) for e in errors} == {WorkflowError}
    assert len(errors) == 6
    assert RegisterCounter.objects.get(year=2026).last_number == 6
