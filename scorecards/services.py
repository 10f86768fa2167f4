"""Writes of live scoring: autosaved answers with optimistic versions, submit, reopen, start.

Every write checks that the scorecard belongs to the one who writes, is still a draft and
that its interview is not cancelled, while holding the scorecard's row lock, so a save can
never slip in after a submission.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from interviews.models import Interview, InterviewQuestion, InterviewStatus, PanelSeat
from questionbank.models import RATING_LEVELS

from . import scoring_sql
from .models import (
    NOTES_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Answer,
    Recommendation,
    Scorecard,
    ScorecardReopen,
    ScorecardStatus,
    ScoringPreference,
)

REOPEN_REASON_MAX_LENGTH = 500
# Versions are 32-bit integer columns on every database; a larger one cannot be a version read.
VERSION_MAX = 2**31 - 1

# Apps above scorecards that keep figures derived from submitted scorecards register here (in
# their AppConfig.ready; analytics does), so this app never reaches up for their models. Each is
# called inside the writing transaction with the ids of interviews whose submitted scorecards
# changed (one submitted or reopened, or history created in bulk).
SUBMISSION_LISTENERS: list[Callable[[list[int]], None]] = []


def submissions_changed(*, interview_ids: Iterable[int]) -> None:
    ids = list(interview_ids)
    for listener in SUBMISSION_LISTENERS:
        listener(ids)


def rating_error() -> str:
    """What a panelist is told about a rating off the scale."""
    return _("A rating is a whole number from %(low)s to %(high)s.") % {
        "low": RATING_LEVELS[0],
        "high": RATING_LEVELS[-1],
    }


# For form fields, built before any language is active.
RATING_ERROR = lazy(rating_error, str)()


class ScoringError(Exception):
    """A write refused for a reason the user can read; ``status`` is the HTTP status to answer."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidAnswer(ScoringError):
    status = 422


class ScorecardClosed(ScoringError):
    """Submitted scorecards and cancelled interviews take no more edits."""

    status = 409


@dataclass(frozen=True)
class AnswerState:
    """What a question's answer holds now; version 0 means nothing saved yet."""

    question_id: int
    rating: int | None = None
    not_asked: bool = False
    notes: str = ""
    version: int = 0

    @property
    def is_answered(self) -> bool:
        return self.rating is not None or self.not_asked

    @classmethod
    def of(cls, answer: Answer) -> AnswerState:
        return cls(
            question_id=answer.question_id,
            rating=answer.rating,
            not_asked=answer.not_asked,
            notes=answer.notes,
            version=answer.version,
        )


class StaleAnswer(ScoringError):
    """Someone (another tab) saved this answer since the client last read it."""

    status = 409

    def __init__(self, message: str, *, current: AnswerState):
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class OverallState:
    recommendation: str
    summary: str
    version: int


class StaleOverall(ScoringError):
    status = 409

    def __init__(self, message: str, *, current: OverallState):
        super().__init__(message)
        self.current = current


class UnratedQuestions(ScoringError):
    """Submitting with questions left unrated needs an explicit confirmation."""

    status = 409

    def __init__(self, message: str, *, questions: list[InterviewQuestion]):
        super().__init__(message)
        self.questions = questions


def scorecard_open(*, interview: Interview, panelist, seat: PanelSeat | None = None) -> Scorecard:
    """The panelist's scorecard for the interview, created on first visit (seat required).

    A caller that has read the panelist's seat already passes it: the check is then that it
    is this panelist's seat on this interview, without asking the database again."""
    if seat is None:
        seated = PanelSeat.objects.of(user=panelist, interview=interview).exists()
    else:
        seated = seat.interview_id == interview.pk and seat.user_id == panelist.pk
    if not seated:
        raise PermissionDenied
    scorecard, _created = Scorecard.objects.get_or_create(
        interview=interview, panelist=panelist, defaults={"started_at": timezone.now()}
    )
    return scorecard


class ScorecardNotOpen(PermissionDenied):
    """No scorecard of the writer's seat to lock: not seated (any more), or the scorecard was
    never opened (the scoring page opens it). A caller that can tell which asks why."""


class QuestionNotFound(ScoringError):
    status = 404

    def __init__(self):
        super().__init__(_("This question is not part of this interview."))


def _lock_writable(*, interview_id: int, by, question_id: int | None = None) -> Scorecard:
    """Lock the writer's own scorecard on the interview for this transaction and refuse if it
    takes no edits. One query, which also checks the seat and, given ``question_id``, that the
    question is one of the interview's."""
    locked = scoring_sql.scorecard_lock(
        interview_id=interview_id, panelist=by, question_id=question_id
    )
    if locked is None:
        raise ScorecardNotOpen
    if question_id is not None and not locked.asks:
        raise QuestionNotFound
    if locked.interview_status == InterviewStatus.CANCELLED:
        raise ScorecardClosed(_("This interview was cancelled; scores can no longer change."))
    if locked.status == ScorecardStatus.SUBMITTED:
        raise ScorecardClosed(
            _("This scorecard is submitted and read-only; ask a recruiter to reopen it.")
        )
    return locked


def _lock_own(*, scorecard: Scorecard, by) -> Scorecard:
    """_lock_writable for a caller holding the scorecard: only its panelist writes it."""
    if by.pk != scorecard.panelist_id:
        raise PermissionDenied
    return _lock_writable(interview_id=scorecard.interview_id, by=by)


def _clean_text(value: str, *, limit: int, what: str) -> str:
    # PostgreSQL text cannot hold NUL; dropping it loses nothing a person typed.
    value = value.replace("\x00", "")
    if len(value) > limit:
        raise InvalidAnswer(
            _(
                "%(what)s are limited to %(limit)s characters (this text has %(length)s). "
                "Nothing was saved; shorten the text and it will save again."
            )
            % {"what": what, "limit": f"{limit:,}", "length": f"{len(value):,}"}
        )
    return value


def _current_answer(*, scorecard_id: int, question_id: int) -> AnswerState:
    answer = Answer.objects.filter(scorecard_id=scorecard_id, question_id=question_id).first()
    return AnswerState.of(answer) if answer else AnswerState(question_id=question_id)


def _stale_answer(*, scorecard_id: int, question_id: int) -> StaleAnswer:
    return StaleAnswer(
        _(
            "This answer was changed in another tab or window since you loaded it. Your edit "
            "was not saved; the saved value is shown below."
        ),
        current=_current_answer(scorecard_id=scorecard_id, question_id=question_id),
    )


def _answer_checked(
    *, rating: int | None, not_asked: bool, notes: str, expected_version: int
) -> str:
    """Refuse an answer no scorecard may hold; returns the notes as they are stored."""
    if rating is not None and rating not in RATING_LEVELS:
        raise InvalidAnswer(rating_error())
    if rating is not None and not_asked:
        raise InvalidAnswer(_("A question marked “not asked” cannot have a rating."))
    if not 0 <= expected_version <= VERSION_MAX:
        raise InvalidAnswer(_("The answer version is missing or wrong; reload the page."))
    return _clean_text(notes, limit=NOTES_MAX_LENGTH, what=_("Notes"))


def answer_write(
    *,
    interview_id: int,
    question_id: int,
    rating: int | None,
    not_asked: bool,
    notes: str,
    expected_version: int,
    by,
) -> AnswerState:
    """Save one question's rating, "not asked" and notes on the writer's own scorecard if nobody
    saved it since ``expected_version``; otherwise raise StaleAnswer with what is saved now.

    The autosave, so it is kept to one locking read and one write (issue 14). Raises
    ScorecardNotOpen when the writer has no scorecard on the interview to write.
    """
    scorecard = None
    try:
        with transaction.atomic():
            scorecard = _lock_writable(interview_id=interview_id, by=by, question_id=question_id)
            notes = _answer_checked(
                rating=rating, not_asked=not_asked, notes=notes, expected_version=expected_version
            )
            # No savepoint around a first save: every write of a scorecard's answers holds the
            # scorecard's lock, so its insert fails only on an answer saved earlier; the
            # transaction is then rolled back whole and the saved answer read afterwards.
            if not scoring_sql.answer_store(
                scorecard_id=scorecard.pk,
                question_id=question_id,
                rating=rating,
                not_asked=not_asked,
                notes=notes,
                expected_version=expected_version,
            ):
                raise _stale_answer(scorecard_id=scorecard.pk, question_id=question_id)
    except IntegrityError:
        if scorecard is None:
            raise
        raise _stale_answer(scorecard_id=scorecard.pk, question_id=question_id) from None
    return AnswerState(
        question_id=question_id,
        rating=rating,
        not_asked=not_asked,
        notes=notes,
        version=expected_version + 1,
    )


def answer_save(
    *,
    scorecard: Scorecard,
    question: InterviewQuestion,
    rating: int | None,
    not_asked: bool,
    notes: str,
    expected_version: int,
    by,
) -> AnswerState:
    """answer_write for a caller that holds the scorecard and the question (demo data)."""
    if by.pk != scorecard.panelist_id:
        raise PermissionDenied
    return answer_write(
        interview_id=scorecard.interview_id,
        question_id=question.pk,
        rating=rating,
        not_asked=not_asked,
        notes=notes,
        expected_version=expected_version,
        by=by,
    )


def scorecard_overall_save(
    *, scorecard: Scorecard, recommendation: str, summary: str, expected_version: int, by
) -> OverallState:
    """Save the overall recommendation and summary, with the same optimistic versioning."""
    if recommendation and recommendation not in Recommendation.values:
        raise InvalidAnswer(_("Choose one of the recommendations offered."))
    if expected_version < 0:
        raise InvalidAnswer(_("The summary version is missing or wrong; reload the page."))
    summary = _clean_text(summary, limit=SUMMARY_MAX_LENGTH, what=_("Summaries"))
    with transaction.atomic():
        scorecard = _lock_own(scorecard=scorecard, by=by)
        updated = Scorecard.objects.filter(
            pk=scorecard.pk, summary_version=expected_version
        ).update(
            recommendation=recommendation,
            summary=summary,
            summary_version=F("summary_version") + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            raise StaleOverall(
                _(
                    "The recommendation or summary was changed in another tab or window since "
                    "you loaded it. Your edit was not saved; the saved value is shown below."
                ),
                current=OverallState(
                    recommendation=scorecard.recommendation,
                    summary=scorecard.summary,
                    version=scorecard.summary_version,
                ),
            )
    return OverallState(
        recommendation=recommendation, summary=summary, version=expected_version + 1
    )


def unrated_questions(*, scorecard: Scorecard) -> list[InterviewQuestion]:
    """Questions with neither a rating nor "not asked", in interview order."""
    answered = Answer.objects.filter(scorecard=scorecard).filter(
        Q(rating__isnull=False) | Q(not_asked=True)
    )
    return list(
        InterviewQuestion.objects.filter(interview_id=scorecard.interview_id)
        .exclude(pk__in=answered.values("question_id"))
        .order_by("position", "pk")
    )


def scorecard_submit(*, scorecard: Scorecard, by, confirm_unrated: bool = False) -> Scorecard:
    """Submit a draft: it needs a recommendation; unrated questions need ``confirm_unrated``.

    The interview row is locked first so that, of panelists submitting at the same moment,
    exactly one sees the panel complete and completes the interview.
    """
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=scorecard.interview_id)
        locked = _lock_own(scorecard=scorecard, by=by)
        if not locked.recommendation:
            raise InvalidAnswer(_("Choose an overall recommendation before submitting."))
        unrated = unrated_questions(scorecard=locked)
        if unrated and not confirm_unrated:
            raise UnratedQuestions(
                _("%(count)s question(s) have no rating. Confirm to submit anyway.")
                % {"count": len(unrated)},
                questions=unrated,
            )
        locked.status = ScorecardStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        submissions_changed(interview_ids=[interview.pk])
        _complete_when_panel_done(interview=interview, by=by)
    return locked


def _complete_when_panel_done(*, interview: Interview, by) -> None:
    from interviews import transitions as interview_transitions

    if not interview.is_open:
        return
    seated = set(PanelSeat.objects.filter(interview=interview).values_list("user_id", flat=True))
    submitted = set(
        Scorecard.objects.filter(interview=interview, status=ScorecardStatus.SUBMITTED).values_list(
            "panelist_id", flat=True
        )
    )
    if seated and seated <= submitted:
        interview_transitions.interview_complete(
            interview=interview, by=by, note=_("Every panelist submitted a scorecard.")
        )


def scorecard_reopen(*, scorecard: Scorecard, by, reason: str) -> ScorecardReopen:
    """A recruiter turns a submitted scorecard back into a draft, recording who, when and why."""
    reason = reason.strip()
    if not reason:
        raise InvalidAnswer(_("Say why the scorecard is reopened."))
    if len(reason) > REOPEN_REASON_MAX_LENGTH:
        raise InvalidAnswer(
            _("Keep the reason under %(limit)s characters.") % {"limit": REOPEN_REASON_MAX_LENGTH}
        )
    with transaction.atomic():
        updated = Scorecard.objects.filter(
            pk=scorecard.pk, status=ScorecardStatus.SUBMITTED
        ).update(status=ScorecardStatus.DRAFT, submitted_at=None, updated_at=timezone.now())
        if not updated:
            raise ScorecardClosed(_("Only a submitted scorecard can be reopened."))
        submissions_changed(interview_ids=[scorecard.interview_id])
        return ScorecardReopen.objects.create(scorecard=scorecard, reopened_by=by, reason=reason)


def interview_begin(*, interview: Interview, by) -> Interview:
    """The panel lead starts a scheduled interview from the scoring page (the timer runs from
    then); other panelists wait for the lead."""
    from interviews import policies as interview_policies
    from interviews import transitions as interview_transitions

    if not PanelSeat.objects.of(user=by, interview=interview).exists():
        raise PermissionDenied
    if not interview_policies.can_start_interview(by, interview):
        raise PermissionDenied
    if interview.status != InterviewStatus.SCHEDULED:
        raise ScorecardClosed(_("Only a scheduled interview can be started."))
    try:
        return interview_transitions.interview_start(interview=interview, by=by)
    except interview_transitions.InterviewTransitionError as error:
        raise ScorecardClosed(" ".join(error.messages)) from None


def auto_advance_set(*, user, enabled: bool) -> ScoringPreference:
    preference, _created = ScoringPreference.objects.update_or_create(
        user=user, defaults={"auto_advance": enabled}
    )
    return preference
