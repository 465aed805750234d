"""Models of the nominations app, split by responsibility."""

from nominations.models.batch import BatchItem, SubmissionBatch  # noqa: F401
from nominations.models.consent import (  # noqa: F401
    Consent,
    ConsentMethod,
    PersonalDataRequest,
)
from nominations.models.council import (  # noqa: F401
    AgendaItem,
    Ballot,
    BallotCast,
    Meeting,
    PaperCount,
    ReviewNote,
    VoteChoice,
    WrittenOpinion,
)
from nominations.models.decision import Award, Decision, DecisionCounter, DecisionState  # noqa: F401
from nominations.models.nomination import (  # noqa: F401
    Evidence,
    EvidenceKind,
    Nomination,
    NominationState,
    Nominee,
    Procedure,
    Transition,
)
from nominations.models.notice import (  # noqa: F401
    CalendarFeed,
    EmailOptOut,
    Notice,
    NoticeKind,
    NoticePreference,
)
from nominations.models.suggestion import Suggestion, SuggestionState  # noqa: F401
