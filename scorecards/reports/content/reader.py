"""Reads of what reports are made of, each row read once per reader.

A reader lives for one request or one render: the "PDF documents" card checks the staleness
of every report it shows through one reader, so the interview's questions, seats and
scorecards are read once for all of them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.people import display_name
from interviews.models import (
    Candidate,
    Interview,
    InterviewQuestion,
    InterviewWeight,
    PanelSeat,
)
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
        self._weights: dict[int, list[InterviewWeight]] = {}
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
        """The candidate's interviews, with their seats, questions, submitted scorecards, answers
        and weights read in one query each for all of them (not one per interview)."""
        interviews = list(candidate_interviews(candidate=candidate))
        for interview in interviews:
            self._interviews.setdefault(interview.pk, interview)
        ids = [interview.pk for interview in interviews]
        self._seats_read(ids)
        self._questions_read(ids)
        self._submitted_read(ids)
        self._weights_read(ids)
        self.answers([scorecard for pk in ids for scorecard in self._submitted[pk]])
        return interviews

    @staticmethod
    def _by_interview(cache: dict[int, list], ids: list[int], rows: QuerySet) -> None:
        """Group ``rows`` of the interviews in ``ids`` not read yet into ``cache``, keeping the
        queryset's order within each interview."""
        missing = [pk for pk in dict.fromkeys(ids) if pk not in cache]
        if not missing:
            return
        for pk in missing:
            cache[pk] = []
        for row in rows.filter(interview_id__in=missing):
            cache[row.interview_id].append(row)

    def _seats_read(self, ids: list[int]) -> None:
        self._by_interview(self._seats, ids, PanelSeat.objects.select_related("user"))

    def _questions_read(self, ids: list[int]) -> None:
        self._by_interview(
            self._questions, ids, InterviewQuestion.objects.order_by("position", "pk")
        )

    def _submitted_read(self, ids: list[int]) -> None:
        self._by_interview(
            self._submitted,
            ids,
            Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED)
            .select_related("panelist")
            .order_by("panelist__first_name", "panelist__email"),
        )
        for pk in ids:
            for scorecard in self._submitted[pk]:
                self._scorecards.setdefault(scorecard.pk, scorecard)

    def _weights_read(self, ids: list[int]) -> None:
        self._by_interview(self._weights, ids, InterviewWeight.objects.order_by("category_name"))

    def seats(self, interview_id: int) -> list[PanelSeat]:
        self._seats_read([interview_id])
        return self._seats[interview_id]

    def questions(self, interview_id: int) -> list[InterviewQuestion]:
        self._questions_read([interview_id])
        return self._questions[interview_id]

    def submitted(self, interview_id: int) -> list[Scorecard]:
        """The interview's submitted scorecards in the panel summary's order."""
        self._submitted_read([interview_id])
        return self._submitted[interview_id]

    def weights(self, interview_id: int) -> dict[str, str]:
        """The section weights frozen at scheduling, by category name."""
        self._weights_read([interview_id])
        return {row.category_name: str(row.weight) for row in self._weights[interview_id]}

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
