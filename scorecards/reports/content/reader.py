"""Reads of what reports are made of, each row read once per reader.

A reader lives for one request or one render: the "PDF documents" card checks the staleness
of every report it shows through one reader, so the interview's questions, seats and
scorecards are read once for all of them.
"""

from __future__ import annotations

from typing import Any

from accounts.people import display_name
from interviews.models import Candidate, Interview, InterviewQuestion, PanelSeat
from questionbank.selectors import rating_labels

from ...models import Answer, Scorecard, ScorecardStatus
from ...selectors import candidate_interviews


def panel_of(seats: list[PanelSeat]) -> list[dict[str, Any]]:
    return [{"name": display_name(seat.user), "lead": seat.is_lead} for seat in seats]


class ContentReader:
    """Memoised reads of interviews, their panels, questions, scorecards and answers."""

    def __init__(self) -> None:
        self._labels: dict[int, str] | None = None
        self._interviews: dict[int, Interview] = {}
        self._seats: dict[int, list[PanelSeat]] = {}
        self._questions: dict[int, list[InterviewQuestion]] = {}
        self._submitted: dict[int, list[Scorecard]] = {}
        self._scorecards: dict[int, Scorecard] = {}
        self._answers: dict[int, dict[int, Answer]] = {}

    def labels(self) -> dict[int, str]:
        if self._labels is None:
            self._labels = rating_labels()
        return self._labels

    def interview(self, pk: int) -> Interview:
        if pk not in self._interviews:
            self._interviews[pk] = Interview.objects.select_related(
                "candidate__position", "plan"
            ).get(pk=pk)
        return self._interviews[pk]

    def candidate_interviews(self, candidate: Candidate) -> list[Interview]:
        interviews = list(candidate_interviews(candidate=candidate))
        for interview in interviews:
            self._interviews.setdefault(interview.pk, interview)
        return interviews

    def seats(self, interview_id: int) -> list[PanelSeat]:
        if interview_id not in self._seats:
            self._seats[interview_id] = list(
                PanelSeat.objects.filter(interview_id=interview_id).select_related("user")
            )
        return self._seats[interview_id]

    def questions(self, interview_id: int) -> list[InterviewQuestion]:
        if interview_id not in self._questions:
            self._questions[interview_id] = list(
                InterviewQuestion.objects.filter(interview_id=interview_id).order_by(
                    "position", "pk"
                )
            )
        return self._questions[interview_id]

    def submitted(self, interview_id: int) -> list[Scorecard]:
        """The interview's submitted scorecards in the panel summary's order."""
        if interview_id not in self._submitted:
            scorecards = list(
                Scorecard.objects.filter(
                    interview_id=interview_id, status=ScorecardStatus.SUBMITTED
                )
                .select_related("panelist")
                .order_by("panelist__first_name", "panelist__email")
            )
            self._submitted[interview_id] = scorecards
            for scorecard in scorecards:
                self._scorecards.setdefault(scorecard.pk, scorecard)
        return self._submitted[interview_id]

    def scorecard(self, pk: int) -> Scorecard:
        if pk not in self._scorecards:
            self._scorecards[pk] = Scorecard.objects.select_related(
                "panelist", "interview__candidate__position", "interview__plan"
            ).get(pk=pk)
        return self._scorecards[pk]

    def answers(self, scorecards: list[Scorecard]) -> dict[int, dict[int, Answer]]:
        """Each scorecard's answers by question id, in one query for those not read yet."""
        missing = [scorecard.pk for scorecard in scorecards if scorecard.pk not in self._answers]
        if missing:
            for pk in missing:
                self._answers[pk] = {}
            for answer in Answer.objects.filter(scorecard_id__in=missing):
                self._answers[answer.scorecard_id][answer.question_id] = answer
        return {scorecard.pk: self._answers[scorecard.pk] for scorecard in scorecards}
