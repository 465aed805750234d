"""The ward's submission batches (đợt trình) and their cover letters (tờ trình).

Submitting one dossier, or several ticked on the ward's list, makes one batch: each dossier
moves through :func:`nominations.workflow.submit`, then the batch takes the next number of the
ward's own register of tờ trình (:func:`emulation.numbering.register`, ``unit=ward``,
Nghị định 30/2020/NĐ-CP Điều 15: numbered in order of registration, restarting each year), is
dated today, lists exactly its dossiers, and its PDF is rendered once and stored with its
SHA-256. Downloads serve that file; a later batch never changes an earlier letter. All or
nothing: a refused dossier refuses the batch, and nothing is submitted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation import numbering
from emulation.models import Authority, DocumentType, Ward
from nominations import workflow
from nominations.files.pdf import render_document
from nominations.models import BatchItem, Nomination, NominationState, SubmissionBatch
from nominations.models.batch import cover_letter_path
from nominations.models.storage import private_storage, save_private_until_rollback

if TYPE_CHECKING:
    from emulation.models import User

S = NominationState
# What the ward has put before the council (and not taken back): the dashboard counts these.
LISTED_STATES = [S.SUBMITTED, S.IN_REVIEW, S.RECOMMENDED, S.NOT_RECOMMENDED, S.AWARDED, S.REVOKED]
MAX_BATCH = 200


class StoredFileAltered(RuntimeError):
    """The stored tờ trình no longer has the SHA-256 kept when it was issued."""


def batches_for(ward: Ward) -> QuerySet[SubmissionBatch]:
    """The ward's batches, newest first, with their campaign."""
    return (
        SubmissionBatch.objects.filter(ward=ward)
        .select_related("campaign")
        .order_by("-submitted_at", "-pk")
    )


def _ordered(noms: Iterable[Nomination]) -> list[Nomination]:
    return sorted(noms, key=lambda n: (n.nominee.sort_key, n.nominee.full_name, n.pk))


def review_dates(noms: Sequence[Nomination]) -> list[dt.date]:
    """The distinct dates of the unit's reviews (biên bản họp xét) of these dossiers, in order."""
    return sorted({n.unit_review_on for n in noms if n.unit_review_on is not None})


@transaction.atomic
def submit_batch(
    actor: User, nominations: Iterable[Nomination], today: dt.date | None = None
) -> SubmissionBatch:
    """Submit the dossiers together under one new, numbered, stored tờ trình.

    Every dossier must be of the actor's ward and of one campaign. Raises ``WorkflowError``
    (the message names the dossier) and submits nothing when any is refused.
    """
    noms = list(nominations)
    if not noms:
        raise workflow.WorkflowError(_("Chưa chọn hồ sơ nào để trình."))
    if len(noms) > MAX_BATCH:
        raise workflow.WorkflowError(_("Mỗi đợt trình tối đa %(n)d hồ sơ.") % {"n": MAX_BATCH})
    ward = actor.ward
    if not actor.is_ward_officer or ward is None:
        raise workflow.WorkflowError(_("Chỉ cán bộ phường được nộp hồ sơ."))
    campaigns = {n.campaign_id for n in noms}
    if len(campaigns) > 1:
        raise workflow.WorkflowError(
            _("Mỗi tờ trình chỉ trình hồ sơ của một phong trào; hãy chọn theo từng phong trào.")
        )
    submitted = []
    for nom in noms:
        try:
            submitted.append(workflow.submit(nom, actor))
        except workflow.WorkflowError as err:
            if len(noms) == 1:
                raise
            raise workflow.WorkflowError(
                _("Hồ sơ của %(name)s: %(reason)s") % {"name": nom.nominee, "reason": err.message},
                err.fields,
            ) from err
    submitted = _ordered(submitted)
    authority = Authority.current()
    if authority is None:  # no register to number the letter in: nothing is submitted
        raise workflow.WorkflowError(_("Chưa cấu hình cơ quan ban hành; liên hệ quản trị."))
    today = today or timezone.localdate()
    campaign = submitted[0].campaign
    entry = numbering.register(
        authority=authority,
        doc_type=DocumentType.SUBMISSION,
        symbol=ward.cover_letter_symbol or "TTr-UBND",
        on=today,
        unit=ward,
        subject=_("Về việc đề nghị khen thưởng trong phong trào thi đua “%(c)s”")
        % {"c": campaign.name},
        signer_name=ward.head_name,
        by=actor,
    )
    batch = SubmissionBatch.objects.create(
        ward=ward,
        campaign=campaign,
        register_entry=entry,
        reference=entry.reference,
        dated=today,
        signer_name=ward.head_name,
        signer_title=ward.head_title,
        submitted_by=actor,
    )
    BatchItem.objects.bulk_create(
        BatchItem(batch=batch, nomination=nom, order=i) for i, nom in enumerate(submitted, 1)
    )
    Nomination.objects.filter(pk__in=[n.pk for n in submitted]).update(
        cover_letter_number=entry.reference
    )
    pdf = render_cover_letter(batch, authority, submitted)
    batch.pdf.name = save_private_until_rollback(cover_letter_path(batch, ""), pdf)
    batch.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    batch.save(update_fields=["pdf", "pdf_sha256"])
    return batch


def render_cover_letter(
    batch: SubmissionBatch, authority: Authority, nominations: Sequence[Nomination]
) -> bytes:
    """The tờ trình of ``batch`` as PDF bytes (Vietnamese, whoever prints it)."""
    return render_document(
        "pdf/cover_letter.html",
        {
            "batch": batch,
            "authority": authority,
            "ward": batch.ward,
            "campaign": batch.campaign,
            "nominations": nominations,
            "review_dates": review_dates(nominations),
        },
    )


def stored_pdf(batch: SubmissionBatch) -> bytes:
    """The stored tờ trình, never rendered again. Raises ``StoredFileAltered`` when the file
    on disk is not the one issued (its SHA-256 differs), ``FileNotFoundError`` when it is gone.
    """
    with private_storage.open(batch.pdf.name, "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != batch.pdf_sha256:
        raise StoredFileAltered(f"{batch.pdf.name}: SHA-256 differs from batch {batch.pk}")
    return content
