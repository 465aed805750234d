# ruff: noqa: S608, S607  (our own table names; pg_dump from PATH, as scripts/backup runs it)
"""Secret ballots no one can open (issue #14): what PostgreSQL keeps, read as an attacker would.

The attacker reads the database with full rights (the secretary or the administrator with
database access, a database administrator, a stolen dump): the ``xmin`` join of "who voted"
with "what was voted", the physical order of the rows (``ORDER BY ctid``, which is the order
of ``pg_dump``), the item's counters, and a whole ``pg_dump``. Real transactions, one per vote
(``transaction=True``), as in production.
"""

from __future__ import annotations

import os
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from nominations.council import ballot_box
from nominations.council import services as council
from nominations.models import AgendaItem, Ballot, BallotCast, Nomination
from nominations.workflow import WorkflowError
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

CAST = "nominations_ballotcast"
BALLOT = "nominations_ballot"
ITEM = "nominations_agendaitem"


@pytest.fixture
def members(db):
    return [
        factories.UserFactory(username=f"kin{i}", full_name=f"Thành viên {i}", role="member")
        for i in range(1, 6)
    ]


@pytest.fixture
def secret_item(secretary, members, make_nomination, title_kind):
    title_kind.vote_threshold = Decimal("0.5")
    title_kind.save()
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign)
    meeting = council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp", members_present=members[:4]
    )
    council.add_to_agenda(meeting, [nom], secretary)
    return meeting, nom


def _rows(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in cursor]


def _vote(meeting, nom, members, choices):
    for member, choice in zip(members, choices, strict=True):
        council.cast_vote(meeting, nom.pk, member, choice)  # one committed transaction each


def test_during_the_vote_the_xmin_join_pairs_members_with_ciphertexts_only(secret_item, members):
    meeting, nom = secret_item
    _vote(meeting, nom, members[:4], ["yes", "no", "yes", "abstain"])

    pairs = _rows(
        f"SELECT c.member_id, b.sealed FROM {CAST} c JOIN {BALLOT} b "
        "ON c.xmin::text = b.xmin::text ORDER BY c.member_id"
    )
    # The join works (same transaction)…
    assert [member for member, _sealed in pairs] == [m.pk for m in members[:4]]
    sealed = [s for _member, s in pairs]
    # …and gives bytes that say nothing: one length for every choice, never twice the same,
    # the choice's name nowhere in them, and the item's counters untouched until the count.
    assert {len(s) for s in sealed} == {ballot_box.SEALED_BYTES}
    assert len(set(sealed)) == 4
    assert not any(word in s for s in sealed for word in (b"yes", b"no", b"abstain"))
    assert _rows(f"SELECT yes, no, abstain, denominator FROM {ITEM}") == [(0, 0, 0, None)]
    assert _rows(f"SELECT choice FROM {CAST} ORDER BY ctid") == [("",)] * 4

    # The key is a file on the application server, not in the database: its id only is.
    item = AgendaItem.objects.get()
    key = ballot_box.load_key(item.ballot_key)
    assert (ballot_box.key_dir() / f"{item.ballot_key}.key").stat().st_mode & 0o077 == 0
    tables = [t for (t,) in _rows("SELECT tablename FROM pg_tables WHERE schemaname='public'")]
    for table in tables:
        dumped = _rows(f"SELECT encode(convert_to(t::text, 'UTF8'), 'hex') FROM \"{table}\" t")
        assert not any(key.hex() in row[0] for row in dumped), table


def test_after_the_count_the_join_and_the_dump_order_give_nothing(secret_item, members):
    meeting, nom = secret_item
    _vote(meeting, nom, members[:4], ["yes", "no", "yes", "yes"])
    item = AgendaItem.objects.get()
    stolen = _rows(f"SELECT id, sealed FROM {BALLOT} ORDER BY ctid")  # a backup during the vote
    key_id = item.ballot_key

    council.close_meeting(meeting, factories.UserFactory(role="secretary"))

    assert (
        _rows(f"SELECT c.member_id FROM {CAST} c JOIN {BALLOT} b ON c.xmin::text = b.xmin::text")
        == []
    )
    assert _rows(f"SELECT * FROM {BALLOT} ORDER BY ctid") == []
    # The casts, in physical (dump) order, say who voted and nothing of what.
    assert _rows(f"SELECT member_id, choice FROM {CAST} ORDER BY ctid") == [
        (m.pk, "") for m in members[:4]
    ]
    # The item holds the totals only, written by the count's own transaction.
    assert _rows(f"SELECT yes, no, abstain, denominator, passed FROM {ITEM}") == [
        (3, 1, 0, 5, True)
    ]
    cast_xmins = {x for (x,) in _rows(f"SELECT xmin::text FROM {CAST}")}
    assert not cast_xmins & {x for (x,) in _rows(f"SELECT xmin::text FROM {ITEM}")}
    # The key is destroyed: the ballots copied during the vote can no longer be opened.
    assert not (ballot_box.key_dir() / f"{key_id}.key").exists()
    with pytest.raises(ballot_box.BallotBoxError, match="missing"):
        ballot_box.load_key(key_id)
    assert len(stolen) == 4
    assert Nomination.objects.get(pk=nom.pk).state == "recommended"


def test_a_pg_dump_after_the_count_holds_no_ballot(secret_item, members):
    meeting, nom = secret_item
    _vote(meeting, nom, members[:3], ["no", "yes", "no"])
    council.close_meeting(meeting, factories.UserFactory(role="secretary"))
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    dump = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            f"--table=public.{BALLOT}",
            f"--table=public.{CAST}",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"],
            db["NAME"],
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    ballot_rows = dump.split(f"COPY public.{BALLOT}", 1)[1].split("\\.", 1)[0].splitlines()[1:]
    assert ballot_rows == []
    cast_rows = dump.split(f"COPY public.{CAST}", 1)[1].split("\\.", 1)[0].splitlines()[1:]
    assert len(cast_rows) == 3
    assert not any(word in row for row in cast_rows for word in ("\tyes", "\tno\t", "abstain"))


def test_forged_or_removed_ballots_stop_the_count(secret_item, members, secretary):
    meeting, nom = secret_item
    _vote(meeting, nom, members[:3], ["yes", "yes", "no"])
    # A database administrator copies a "yes" ballot under a new id (ballot stuffing).
    ballot = Ballot.objects.first()
    forged = Ballot.objects.create(item=ballot.item, sealed=bytes(ballot.sealed))
    with pytest.raises(WorkflowError, match="Không mở được hòm phiếu kín"):
        council.close_meeting(meeting, secretary)
    forged.delete()
    ballot.delete()  # …or removes one: the ballots no longer match the voters
    with pytest.raises(WorkflowError, match="không khớp với số người đã bỏ phiếu"):
        council.close_meeting(meeting, secretary)
    assert meeting.__class__.objects.get(pk=meeting.pk).state == "open"


def test_a_two_voter_secret_ballot_is_refused(secretary, members, make_nomination, title_kind):
    campaign = factories.CampaignFactory(award_kinds=[title_kind])
    nom = make_nomination("in_review", award_kind=title_kind, camp=campaign)
    meeting = council.create_meeting(
        secretary, held_at=timezone.now(), place="Phòng họp", members_present=members[:2]
    )
    council.add_to_agenda(meeting, [nom], secretary)
    with pytest.raises(WorkflowError) as err:
        council.cast_vote(meeting, nom.pk, members[0], "yes")
    assert err.value.message == (
        "Bỏ phiếu kín cần ít nhất 3 thành viên tham gia; hồ sơ này chỉ có 2 thành viên được "
        "biểu quyết, nên hệ thống không nhận phiếu."
    )
    assert (BallotCast.objects.count(), Ballot.objects.count()) == (0, 0)
    assert not ballot_box.key_dir().exists() or list(ballot_box.key_dir().glob("*.key")) == []


def test_all_but_two_declaring_a_conflict_refuses_the_vote(secret_item, members):
    meeting, nom = secret_item  # four present
    council.declare_conflict(meeting, nom.pk, members[0], "Người thân")
    council.declare_conflict(meeting, nom.pk, members[1], "Cùng tổ dân phố")
    with pytest.raises(WorkflowError, match="chỉ có 2 thành viên được biểu quyết"):
        council.cast_vote(meeting, nom.pk, members[2], "yes")
    assert Ballot.objects.count() == 0


def test_too_few_secret_ballots_are_destroyed_uncounted(secret_item, members, secretary):
    meeting, nom = secret_item
    _vote(meeting, nom, members[:2], ["yes", "no"])  # two of four voted, the others left
    key_id = AgendaItem.objects.get().ballot_key
    council.close_meeting(meeting, secretary)
    item = AgendaItem.objects.get()
    assert (item.yes, item.no, item.abstain, item.denominator, item.passed) == (0, 0, 0, None, None)
    assert Ballot.objects.count() == 0
    assert not (ballot_box.key_dir() / f"{key_id}.key").exists()
    assert Nomination.objects.get(pk=nom.pk).state == "in_review"  # for another meeting


def test_the_setting_sets_the_minimum(settings, secret_item, members):
    settings.SECRET_BALLOT_MIN_VOTERS = 5
    meeting, nom = secret_item
    with pytest.raises(WorkflowError, match="ít nhất 5 thành viên"):
        council.cast_vote(meeting, nom.pk, members[0], "yes")


def test_a_key_folder_under_the_published_or_backed_up_media_is_refused(settings, tmp_path):
    from emulation.checks import secret_ballots_stay_secret

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.BALLOT_KEY_DIR = tmp_path / "media" / "ballot-keys"
    assert [e.id for e in secret_ballots_stay_secret()] == ["emulation.E002"]
    settings.BALLOT_KEY_DIR = tmp_path / "private"
    assert [e.id for e in secret_ballots_stay_secret()] == ["emulation.E002"]
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"
    assert secret_ballots_stay_secret() == []


def test_a_minimum_below_three_voters_is_reported_and_not_applied(settings):
    from emulation.checks import secret_ballots_stay_secret
    from nominations.council.services import secret_min_voters

    settings.SECRET_BALLOT_MIN_VOTERS = 2
    assert [e.id for e in secret_ballots_stay_secret()] == ["emulation.E003"]
    assert secret_min_voters() == 3
