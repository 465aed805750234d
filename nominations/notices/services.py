"""Notices: the one way the application tells people something (issue #18).

:func:`notify` writes one in-app ``Notice`` per active staff recipient and queues one e-mail
per recipient who wants it (``transaction.on_commit``: a rolled-back change tells nobody).
Every e-mail is in Vietnamese, carries the direct link on ``SITE_URL`` and an unsubscribe link
for its kind (a signed token, valid without signing in). The hooks below (``dossier_moved``,
``meeting_scheduled`` …) choose the recipients of each event and call it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from emulation.models import Role, User
from emulation.site import absolute_url
from emulation.text import normalize, vn_slugify
from nominations.models import (
    CalendarFeed,
    Decision,
    EmailOptOut,
    Meeting,
    Nomination,
    Notice,
    NoticeKind,
    NoticePreference,
    Suggestion,
)

if TYPE_CHECKING:
    from nominations.models import AgendaItem

K = NoticeKind
UNSUBSCRIBE_SALT = "nominations.notices.unsubscribe"

# E-mail on or off when the person has not chosen: routine steps stay in the app only.
DEFAULT_EMAIL: dict[str, bool] = {kind: True for kind in K.values} | {
    K.ACCEPTED: False,
    K.ON_AGENDA: False,
}

# The kinds each role can receive, in the order the account page lists them.
ROLE_KINDS: dict[str, list[str]] = {
    Role.WARD_OFFICER: [
        K.RETURNED,
        K.ACCEPTED,
        K.ON_AGENDA,
        K.RECOMMENDED,
        K.NOT_RECOMMENDED,
        K.AWARDED,
        K.PUBLISHED,
        K.SUGGESTION,
        K.REMIND_DRAFT,
    ],
    Role.SECRETARY: [K.REMIND_OVERDUE],
    Role.MEMBER: [K.MEETING_SCHEDULED, K.MEETING_CHANGED, K.VOTE_OPEN, K.REMIND_VOTE],
    Role.CHAIRMAN: [K.TO_SIGN],
    Role.DEPUTY: [K.TO_SIGN],
    Role.ADMIN: [],
}

Recipient = User | str  # a staff account, or a resident's e-mail address


# --------------------------------------------------------------------------- texts


def render(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """(title, body) of a notice in the active language; the title is one line."""
    texts: dict[str, tuple[str, str]] = {
        K.RETURNED: (
            _("Hồ sơ của %(name)s được trả lại để bổ sung"),
            _(
                "Hội đồng Thi đua - Khen thưởng trả lại hồ sơ đề nghị khen thưởng của %(name)s "
                "(phong trào “%(campaign)s”).\n\nLý do: %(reason)s\n\n"
                "Xin vui lòng bổ sung và nộp lại hồ sơ trên hệ thống."
            ),
        ),
        K.ACCEPTED: (
            _("Hồ sơ của %(name)s đã được tiếp nhận"),
            _("Thư ký Hội đồng đã tiếp nhận hồ sơ của %(name)s (phong trào “%(campaign)s”)."),
        ),
        K.ON_AGENDA: (
            _("Hồ sơ của %(name)s được đưa vào cuộc họp Hội đồng"),
            _(
                "Hồ sơ của %(name)s (phong trào “%(campaign)s”) được đưa vào chương trình "
                "cuộc họp Hội đồng lúc %(held_at)s tại %(place)s."
            ),
        ),
        K.RECOMMENDED: (
            _("Hồ sơ của %(name)s được đề nghị khen thưởng"),
            _(
                "Hội đồng Thi đua - Khen thưởng đề nghị khen thưởng %(name)s "
                "(phong trào “%(campaign)s”)."
            ),
        ),
        K.NOT_RECOMMENDED: (
            _("Hồ sơ của %(name)s không được đề nghị khen thưởng"),
            _(
                "Hội đồng Thi đua - Khen thưởng không đề nghị khen thưởng %(name)s "
                "(phong trào “%(campaign)s”). %(comment)s"
            ),
        ),
        K.AWARDED: (
            _("%(name)s đã được khen thưởng"),
            _("%(name)s được khen thưởng (phong trào “%(campaign)s”) theo quyết định đã ký."),
        ),
        K.MEETING_SCHEDULED: (
            _("Lịch họp Hội đồng: %(held_at)s"),
            _("Hội đồng Thi đua - Khen thưởng họp lúc %(held_at)s tại %(place)s."),
        ),
        K.MEETING_CHANGED: (
            _("Thay đổi cuộc họp Hội đồng: %(held_at)s"),
            _("Cuộc họp Hội đồng nay được tổ chức lúc %(held_at)s tại %(place)s."),
        ),
        K.VOTE_OPEN: (
            _("Mở biểu quyết: cuộc họp %(held_at)s"),
            _(
                "Đã mở biểu quyết %(count)s hồ sơ trong cuộc họp Hội đồng lúc %(held_at)s "
                "tại %(place)s."
            ),
        ),
        K.TO_SIGN: (
            _("Dự thảo quyết định chờ ký: %(title)s"),
            _("Dự thảo quyết định “%(title)s” (%(count)s trường hợp) đang chờ Chủ tịch ký."),
        ),
        K.PUBLISHED: (
            _("Quyết định %(reference)s đã ban hành"),
            _(
                "Quyết định số %(reference)s “%(title)s” đã ban hành; %(count)s hồ sơ của "
                "phường được khen thưởng."
            ),
        ),
        K.SUGGESTION: (
            _("Người dân giới thiệu %(name)s"),
            _("%(writer)s giới thiệu %(name)s với phường. Xin xem và xác minh."),
        ),
        K.REMIND_DRAFT: (
            _("Nhắc nộp hồ sơ của %(name)s trước ngày %(deadline)s"),
            _(
                "Hồ sơ của %(name)s (phong trào “%(campaign)s”) chưa được nộp; hạn nộp là "
                "ngày %(deadline)s."
            ),
        ),
        K.REMIND_OVERDUE: (
            _("Hồ sơ của %(name)s đã quá hạn xử lý"),
            _(
                "Hồ sơ của %(name)s (%(ward)s) đã chờ %(days)s ngày làm việc, quá thời hạn "
                "%(limit)s ngày làm việc."
            ),
        ),
        K.REMIND_VOTE: (
            _("Nhắc biểu quyết trước cuộc họp %(held_at)s"),
            _(
                "Bạn chưa biểu quyết %(count)s hồ sơ của cuộc họp Hội đồng lúc %(held_at)s "
                "tại %(place)s."
            ),
        ),
        K.HONOURED: (
            _("%(name)s, người bạn giới thiệu, đã được khen thưởng"),
            _(
                "Cảm ơn bạn đã giới thiệu %(name)s. Người này đã được khen thưởng trong "
                "phong trào “%(campaign)s”."
            ),
        ),
    }
    title, body = texts[kind]
    safe = _Params(params)
    return normalize(title % safe), (body % safe).strip()


class _Params(dict[str, Any]):
    """Missing parameters read as "" (an old row, a hook that had nothing to say)."""

    def __missing__(self, key: str) -> str:
        return ""


def title_of(notice: Notice) -> str:
    return render(notice.kind, notice.params)[0]


def body_of(notice: Notice) -> str:
    return render(notice.kind, notice.params)[1]


# --------------------------------------------------------------------------- preferences


def kinds_for(user: User) -> list[str]:
    """The notice kinds this user can receive (those the account page offers)."""
    return list(ROLE_KINDS.get(user.role, []))


def email_choices(user: User) -> dict[str, bool]:
    """{kind: e-mail on?} for the user's kinds, his choice or the default."""
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, DEFAULT_EMAIL[kind]) for kind in kinds_for(user)}


@transaction.atomic
def set_email_choices(user: User, wanted: Iterable[str]) -> None:
    """Mail for the kinds in ``wanted``, none for the user's other kinds."""
    wanted = set(wanted)
    for kind in kinds_for(user):
        NoticePreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": kind in wanted}
        )


def unsubscribe_token(recipient: Recipient, kind: str) -> str:
    """A signed token naming the recipient (account id or address) and the kind."""
    who: dict[str, Any] = (
        {"u": recipient.pk} if isinstance(recipient, User) else {"a": recipient.lower()}
    )
    return signing.dumps({**who, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[User | str | None, str] | None:
    """(user or address, kind) of a valid token; the user is None when the account is gone.
    None for a forged, truncated or unknown-kind token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in K.values:
        return None
    if "a" in data:
        return str(data["a"]), data["k"]
    if not isinstance(data.get("u"), int):
        return None
    return User.objects.filter(pk=data["u"]).first(), data["k"]


@transaction.atomic
def unsubscribe(who: User | str, kind: str) -> None:
    """No more e-mail of ``kind`` to this account or address (in-app notices stay)."""
    if isinstance(who, User):
        NoticePreference.objects.update_or_create(user=who, kind=kind, defaults={"email": False})
    else:
        EmailOptOut.objects.get_or_create(address=who.lower(), kind=kind)


# --------------------------------------------------------------------------- notify


def object_key(obj: models.Model) -> str:
    """ "nominations.nomination:12" """
    return f"{obj._meta.label_lower}:{obj.pk}"


def default_path(obj: models.Model) -> str:
    """The staff page of an object a notice is about."""
    if isinstance(obj, Nomination):
        return reverse("nomination-detail", args=[obj.pk])
    if isinstance(obj, Meeting):
        return reverse("meeting-detail", args=[obj.pk])
    if isinstance(obj, Decision):
        return reverse("decision-detail", args=[obj.pk])
    if isinstance(obj, Suggestion):
        return reverse("suggestion-detail", args=[obj.pk])
    return reverse("notice-list")


def notify(
    kind: str,
    recipients: Iterable[Recipient],
    obj: models.Model,
    context: dict[str, Any] | None = None,
) -> list[Notice]:
    """Tell ``recipients`` (staff accounts, or residents' e-mail addresses) about ``obj``.

    In-app: one ``Notice`` per active account. E-mail (once the transaction commits): to each
    active account with an address that did not turn this kind off, and to each address not
    opted out. ``context`` holds the text's parameters (strings); its optional ``path`` is the
    link (by default the object's staff page). Returns the in-app rows written."""
    params = {k: str(v) for k, v in (context or {}).items() if k != "path"}
    path = (context or {}).get("path") or default_path(obj)
    key = object_key(obj)
    users: dict[int, User] = {}
    addresses: list[str] = []
    for r in recipients:
        if isinstance(r, User):
            if r.is_active:
                users.setdefault(r.pk, r)
        elif r and "@" in r and r.lower() not in addresses:
            addresses.append(r.lower())
    today = timezone.localdate()
    rows = Notice.objects.bulk_create(
        Notice(recipient=u, kind=kind, params=params, path=path, object_key=key, sent_on=today)
        for u in users.values()
    )
    chosen = dict(
        NoticePreference.objects.filter(user__in=list(users), kind=kind).values_list(
            "user_id", "email"
        )
    )
    to: list[Recipient] = [
        u for u in users.values() if u.email and chosen.get(u.pk, DEFAULT_EMAIL[kind])
    ]
    if addresses:
        out = set(
            EmailOptOut.objects.filter(address__in=addresses, kind=kind).values_list(
                "address", flat=True
            )
        )
        to += [a for a in addresses if a not in out]
    if to:
        messages = [_message(kind, params, path, r) for r in to]
        transaction.on_commit(lambda: _send(messages))
    return rows


def _message(kind: str, params: dict[str, Any], path: str, recipient: Recipient) -> EmailMessage:
    """One e-mail, in Vietnamese whatever the sender's language."""
    address = recipient.email if isinstance(recipient, User) else recipient
    token = unsubscribe_token(recipient, kind)
    stop = absolute_url(reverse("notice-unsubscribe", args=[token]))
    with translation.override("vi"):
        title, body = render(kind, params)
        text = "\n\n".join(
            [
                body,
                absolute_url(path),
                "-- \n"
                + _("Không muốn nhận loại thư này nữa? Hủy nhận tại: %(url)s") % {"url": stop},
            ]
        )
    return EmailMessage(
        title,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [address],
        headers={
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _send(messages: Sequence[EmailMessage]) -> None:
    """Send after commit; a mail server down loses the e-mail, never the change (the in-app
    notice is there)."""
    get_connection(fail_silently=True).send_messages(list(messages))


# --------------------------------------------------------------------------- reading


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notices_for(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)


def mark_read(user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices read (or all of them); returns how many changed.
    Another user's notice is never touched."""
    qs = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_id is not None:
        qs = qs.filter(pk=notice_id)
    return qs.update(read_at=timezone.now())


def already_sent(kind: str, obj: models.Model, day: dt.date, recipient: User | None = None) -> bool:
    """Whether a notice of ``kind`` about ``obj`` went out on ``day`` (to ``recipient``)."""
    qs = Notice.objects.filter(kind=kind, object_key=object_key(obj), sent_on=day)
    if recipient is not None:
        qs = qs.filter(recipient=recipient)
    return qs.exists()


# --------------------------------------------------------------------------- recipients


def ward_officers(ward_id: int | None) -> QuerySet[User]:
    """The active officers of a ward (none for no ward)."""
    if ward_id is None:
        return User.objects.none()
    return User.objects.filter(role=Role.WARD_OFFICER, ward_id=ward_id, is_active=True)


def _active(*roles: str) -> QuerySet[User]:
    return User.objects.filter(role__in=roles, is_active=True)


def _when(value: dt.datetime) -> str:
    """ "14:00 ngày 20/11/2026" in local time."""
    local = timezone.localtime(value)
    return _("%(time)s ngày %(date)s") % {
        "time": local.strftime("%H:%M"),
        "date": local.strftime("%d/%m/%Y"),
    }


def _dossier(nom: Nomination) -> dict[str, str]:
    return {"name": str(nom.nominee), "campaign": str(nom.campaign)}


def meeting_context(meeting: Meeting) -> dict[str, str]:
    with translation.override("vi"):
        return {"held_at": _when(meeting.held_at), "place": meeting.place}


# --------------------------------------------------------------------------- hooks

DOSSIER_ACTIONS: dict[str, str] = {
    "accept": K.ACCEPTED,
    "return": K.RETURNED,
    "recommend": K.RECOMMENDED,
    "vote_passed": K.RECOMMENDED,
    "vote_failed": K.NOT_RECOMMENDED,
    "award": K.AWARDED,
}


def dossier_moved(nom: Nomination, action: str, comment: str = "") -> None:
    """Called by ``workflow`` after each state change: tells the ward's officers (and, on
    an award, the residents who suggested the person and asked to be told)."""
    kind = DOSSIER_ACTIONS.get(action)
    if kind is None:
        return
    context = _dossier(nom) | {"reason": nom.return_reason, "comment": comment}
    notify(kind, ward_officers(nom.ward_id), nom, context)
    if kind == K.AWARDED:
        resident_honoured(nom)


def resident_honoured(nom: Nomination) -> None:
    """Tell each resident who suggested this person, left an e-mail address and ticked
    "tell me", that the person is honoured. The link is the person's public page when he
    consented to one, else the gallery."""
    addresses = list(
        Suggestion.objects.filter(
            nomination=nom, writer_wants_news=True, writer_contact__contains="@"
        ).values_list("writer_contact", flat=True)
    )
    if not addresses:
        return
    if nom.consent_public:
        path = reverse(
            "exemplar", kwargs={"pk": nom.pk, "slug": vn_slugify(nom.nominee.full_name) or "x"}
        )
    else:
        path = reverse("gallery")
    notify(K.HONOURED, addresses, nom, _dossier(nom) | {"path": path})


def put_on_agenda(items: Iterable[AgendaItem]) -> None:
    """Dossiers added to a meeting's agenda: their wards are told, and the members present
    learn that voting is open on them."""
    items = list(items)
    if not items:
        return
    meeting = items[0].meeting
    for item in items:
        nom = item.nomination
        notify(
            K.ON_AGENDA, ward_officers(nom.ward_id), nom, _dossier(nom) | meeting_context(meeting)
        )
    notify(
        K.VOTE_OPEN,
        meeting.members_present.filter(is_active=True),
        meeting,
        meeting_context(meeting) | {"count": len(items)},
    )


def meeting_scheduled(meeting: Meeting) -> None:
    """A new meeting: the members called to it are told."""
    notify(K.MEETING_SCHEDULED, meeting.members_present.all(), meeting, meeting_context(meeting))


def meeting_changed(meeting: Meeting) -> None:
    """A meeting's time or place changed: the members called to it are told."""
    notify(K.MEETING_CHANGED, meeting.members_present.all(), meeting, meeting_context(meeting))


def suggestion_arrived(suggestion: Suggestion) -> None:
    """A resident's suggestion: the officers of the ward it names are told (not who wrote
    how to reach him: the contact stays on the suggestion's page)."""
    notify(
        K.SUGGESTION,
        ward_officers(suggestion.ward_id),
        suggestion,
        {"name": suggestion.nominee_name, "writer": suggestion.writer_name},
    )


def decision_waiting_for_signature(decision: Decision) -> list[Notice]:
    """A draft decision is ready: the chairman and the deputies are told (the lead calls
    this where the decisions room submits a draft for signature)."""
    return notify(
        K.TO_SIGN,
        _active(Role.CHAIRMAN, Role.DEPUTY),
        decision,
        {"title": decision.title, "count": decision.awards.count()},
    )


def decision_published(decision: Decision) -> list[Notice]:
    """An issued decision: the officers of each ward with an awardee in it are told, with the
    number of that ward's dossiers awarded; the link is the ward's dossier list."""
    per_ward = (
        decision.awards.values("nomination__ward_id")
        .annotate(n=models.Count("pk"))
        .values_list("nomination__ward_id", "n")
    )
    rows: list[Notice] = []
    for ward_id, count in per_ward:
        rows += notify(
            K.PUBLISHED,
            ward_officers(ward_id),
            decision,
            {
                "reference": decision.reference,
                "title": decision.title,
                "count": count,
                "path": reverse("nomination-list"),
            },
        )
    return rows


def calendar_feed(user: User) -> CalendarFeed:
    """The user's calendar secret, made on first use."""
    return CalendarFeed.objects.get_or_create(user=user)[0]


@transaction.atomic
def reset_calendar_secret(user: User) -> CalendarFeed:
    """A new secret: the old address answers 404 from now on."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.secret = CalendarFeed._meta.get_field("secret").get_default()
        feed.save(update_fields=["secret", "created_at"])
    return feed


def meetings_for(user: User) -> QuerySet[Meeting]:
    """Meetings a staff member attends (called to) or runs (the secretary: all of them)."""
    if not user.is_active:
        return Meeting.objects.none()
    if user.role == Role.SECRETARY:
        return Meeting.objects.all()
    return Meeting.objects.filter(Q(members_present=user) | Q(created_by=user)).distinct()


def _fmt_date(day: dt.date) -> str:
    return formats.date_format(day, "d/m/Y")
