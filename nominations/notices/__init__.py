"""Notices (issue #18): in-app notices and e-mail, reminders, calendar feeds.

``from nominations import notices`` then ``notices.notify(kind, recipients, obj, context)``,
or one of the event hooks (``notices.dossier_moved``, ``notices.decision_published`` …).
"""

from nominations.notices.services import (  # noqa: F401
    decision_published,
    decision_waiting_for_signature,
    dossier_moved,
    meeting_changed,
    meeting_scheduled,
    notify,
    put_on_agenda,
    resident_honoured,
    suggestion_arrived,
)
