"""Writes of live scoring: autosaved answers with optimistic versions, submit, reopen, start.

Every write checks that the scorecard belongs to the one who writes, is still a draft and
that its interview is not cancelled, while holding the scorecard's row lock, so a save can
never slip in after a submission.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from interviews.models import Interview, InterviewQuestion, InterviewStatus, PanelSeat
from questionbank.models import RATING_LEVELS

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


def _lock_writable(*, scorecard: Scorecard, by) -> Scorecard:
    """Lock the scorecard row for this transaction and refuse if it takes no edits."""
    if by.pk != scorecard.panelist_id:
        raise PermissionDenied
    locked = (
        Scorecard.objects.select_for_update(of=("self",))
        .select_related("interview")
        .get(pk=scorecard.pk)
    )
    if locked.interview.status == InterviewStatus.CANCELLED:
        raise ScorecardClosed(_("This interview was cancelled; scores can no longer change."))
    if locked.status == ScorecardStatus.SUBMITTED:
        raise ScorecardClosed(
            _("This scorecard is submitted and read-only; ask a recruiter to reopen it.")
        )
    return locked


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


def _current_answer(*, scorecard: Scorecard, question: InterviewQuestion) -> AnswerState:
    answer = Answer.objects.filter(scorecard=scorecard, question=question).first()
    return AnswerState.of(answer) if answer else AnswerState(question_id=question.pk)


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
    """Save one question's rating, "not asked" and notes if nobody saved it since
    ``expected_version``; otherwise raise StaleAnswer with what is saved now."""
    if question.interview_id != scorecard.interview_id:
        raise InvalidAnswer(_("This question is not part of this interview."))
    if rating is not None and rating not in RATING_LEVELS:
        raise InvalidAnswer(rating_error())
    if rating is not None and not_asked:
        raise InvalidAnswer(_("A question marked “not asked” cannot have a rating."))
    if expected_version < 0:
        raise InvalidAnswer(_("The answer version is missing or wrong; reload the page."))
    notes = _clean_text(notes, limit=NOTES_MAX_LENGTH, what=_("Notes"))
    stale_message = _(
        "This answer was changed in another tab or window since you loaded it. Your edit "
        "was not saved; the saved value is shown below."
    )

    with transaction.atomic():
        scorecard = _lock_writable(scorecard=scorecard, by=by)
        if expected_version == 0:
            try:
                with transaction.atomic():
                    Answer.objects.create(
                        scorecard=scorecard,
                        question=question,
                        rating=rating,
                        not_asked=not_asked,
                        notes=notes,
                        version=1,
                    )
            except IntegrityError:
                current = _current_answer(scorecard=scorecard, question=question)
                raise StaleAnswer(stale_message, current=current) from None
        else:
            updated = Answer.objects.filter(
                scorecard=scorecard, question=question, version=expected_version
            ).update(
                rating=rating,
                not_asked=not_asked,
                notes=notes,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            if not updated:
                current = _current_answer(scorecard=scorecard, question=question)
                raise StaleAnswer(stale_message, current=current)
    return AnswerState(
        question_id=question.pk,
        rating=rating,
        not_asked=not_asked,
        notes=notes,
        version=expected_version + 1,
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
        scorecard = _lock_writable(scorecard=scorecard, by=by)
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
        locked = _lock_writable(scorecard=scorecard, by=by)
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
