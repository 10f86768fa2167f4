"""Queries behind the analytics pages; every one aggregates in the database.

Only submitted scorecards of interviews that were not cancelled count. The number of queries of
each function is fixed, and each returns at most a few rows per question or per interviewer,
however many interviews there are:

- Krippendorff's alpha needs each unit's (frozen question's) ratings, but it depends on a unit
  only through how many raters gave each value. So the database counts, per unit, the ratings at
  1, 2, 3 and 4, and then returns how many units of each bank question share each pattern of
  counts (with four panelists a few dozen patterns at most). ``stats.alpha_ordinal_from_counts``
  gives the package those patterns, repeated: the same alpha as from the full matrix.
- Rank correlations need only the contingency table of rating x recommendation (4 x 4) or
  rating x decision (4 x 2) per question.
- An interviewer's distance from the rest of the panel is averaged per interview in SQL
  (own rating minus the mean of the others' on the same question), then summed per interviewer
  with the sum of squares for the interval.

Raw SQL (CTEs and CASE, the same on PostgreSQL and SQLite) where the ORM cannot aggregate an
aggregate; table names come from the models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.db.models import Count, Q

from interviews.models import Interview, InterviewQuestion, InterviewStatus
from questionbank.models import RATING_LEVELS
from scorecards.models import Answer, Decision, DecisionOutcome, Recommendation, Scorecard
from scorecards.models import ScorecardStatus as Status
from scorecards.selectors import unsubmitted_seats

RECOMMENDATION_RANK = {
    Recommendation.STRONG_NO: 1,
    Recommendation.NO: 2,
    Recommendation.YES: 3,
    Recommendation.STRONG_YES: 4,
}
DECISION_RANK = {DecisionOutcome.REJECT: 0, DecisionOutcome.ADVANCE: 1}
YES_SIDE = (Recommendation.YES, Recommendation.STRONG_YES)
NO_SIDE = (Recommendation.NO, Recommendation.STRONG_NO)

ANSWER = Answer._meta.db_table
SCORECARD = Scorecard._meta.db_table
QUESTION = InterviewQuestion._meta.db_table
INTERVIEW = Interview._meta.db_table
DECISION = Decision._meta.db_table

# Answers that count: on a submitted scorecard of an interview that was not cancelled.
COUNTED = f"""
    {ANSWER} a
    JOIN {SCORECARD} s ON s.id = a.scorecard_id AND s.status = %s
    JOIN {INTERVIEW} i ON i.id = s.interview_id AND i.status <> %s"""
COUNTED_PARAMS = [Status.SUBMITTED, InterviewStatus.CANCELLED]

# Each candidate's current decision: their newest Decision row (an anti-join, which the planner
# estimates well; a ROW_NUMBER() window hid the row count from it and made it scan every answer).
CURRENT_DECISION_JOIN = f"""
    JOIN {DECISION} d ON d.candidate_id = i.candidate_id AND NOT EXISTS (
        SELECT 1 FROM {DECISION} newer
        WHERE newer.candidate_id = d.candidate_id
          AND (newer.decided_at > d.decided_at
               OR (newer.decided_at = d.decided_at AND newer.id > d.id)))"""


def _rows(sql: str, params: Iterable) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _question_filter(question_ids: list[int] | None) -> tuple[str, list]:
    """Answers to frozen copies of the given bank questions (None: of any bank question). Named
    through the frozen copies' ids, so that the database reads one question's answers by index
    instead of scanning every answer."""
    if question_ids is None:
        return "q.source_question_id IS NOT NULL", []
    if not question_ids:
        return "1 = 0", []
    placeholders = ", ".join(["%s"] * len(question_ids))
    copies = f"SELECT id FROM {QUESTION} WHERE source_question_id IN ({placeholders})"
    return f"a.question_id IN ({copies})", list(question_ids)


def _hidden_filter(hidden: Sequence[int]) -> tuple[str, list]:
    """Leaves out the interviews the viewer still owes a scorecard on (blind scoring)."""
    if not hidden:
        return "", []
    return f"AND i.id NOT IN ({', '.join(['%s'] * len(hidden))})", list(hidden)


def _frozen_copies(question_ids: list[int]):
    return InterviewQuestion.objects.filter(source_question_id__in=question_ids).values("id")


def counted_answers(hidden: Sequence[int] = ()):
    return (
        Answer.objects.filter(scorecard__status=Status.SUBMITTED)
        .exclude(scorecard__interview__status=InterviewStatus.CANCELLED)
        .exclude(scorecard__interview_id__in=list(hidden))
    )


def interviews_owed_by(user) -> list[int]:
    """Interviews on which ``user`` still owes a scorecard: no figure may draw on them."""
    if not user.is_authenticated:
        return []
    return list(unsubmitted_seats().filter(user_id=user.pk).values_list("interview_id", flat=True))


# --- one interview ---------------------------------------------------------------------------


def interview_ratings(*, interview_id: int) -> list[tuple[int, int, int]]:
    """(panelist id, frozen question id, rating) of the interview's submitted scorecards."""
    return list(
        Answer.objects.filter(
            scorecard__interview_id=interview_id,
            scorecard__status=Status.SUBMITTED,
            rating__isnull=False,
        ).values_list("scorecard__panelist_id", "question_id", "rating")
    )


# --- bank questions --------------------------------------------------------------------------


def question_rating_patterns(
    *, question_ids: list[int] | None = None, hidden: Sequence[int] = ()
) -> dict[int, list[tuple[tuple[int, ...], int]]]:
    """{bank question id: [((count at 1, .., count at 4), units with that pattern), ...]}."""
    where, params = _question_filter(question_ids)
    hide, hide_params = _hidden_filter(hidden)
    per_level = ", ".join(
        f"SUM(CASE WHEN a.rating = {level} THEN 1 ELSE 0 END) AS n{level}"
        for level in RATING_LEVELS
    )
    levels = ", ".join(f"n{level}" for level in RATING_LEVELS)
    sql = f"""
        SELECT source_question_id, {levels}, COUNT(*) FROM (
            SELECT q.source_question_id, q.id, {per_level}
            FROM {COUNTED} JOIN {QUESTION} q ON q.id = a.question_id
            WHERE {where} {hide}
            GROUP BY q.source_question_id, q.id) unit
        GROUP BY source_question_id, {levels}"""
    patterns: dict[int, list] = defaultdict(list)
    for question_id, *counts, units in _rows(sql, [*COUNTED_PARAMS, *params, *hide_params]):
        patterns[question_id].append((tuple(int(c) for c in counts), int(units)))
    return dict(patterns)


def question_distributions(
    *, question_ids: list[int] | None = None, hidden: Sequence[int] = ()
) -> dict[int, dict]:
    """{bank question id: {uses, answers, not_asked, r1..r4}} over counted answers."""
    answers = counted_answers(hidden).filter(question__source_question__isnull=False)
    if question_ids is not None:
        answers = answers.filter(question__in=_frozen_copies(question_ids))
    rows = (
        answers.values("question__source_question_id")
        .order_by()
        .annotate(
            uses=Count("question_id", distinct=True),
            answers=Count("id"),
            not_asked=Count("id", filter=Q(not_asked=True)),
            **{f"r{level}": Count("id", filter=Q(rating=level)) for level in RATING_LEVELS},
        )
    )
    return {row.pop("question__source_question_id"): row for row in rows}


def question_recommendation_tables(
    *, question_ids: list[int] | None = None, hidden: Sequence[int] = ()
) -> dict[int, dict[tuple[int, int], int]]:
    """{bank question id: {(rating, recommendation rank 1-4): count}}."""
    answers = counted_answers(hidden).filter(
        question__source_question__isnull=False, rating__isnull=False
    )
    if question_ids is not None:
        answers = answers.filter(question__in=_frozen_copies(question_ids))
    rows = (
        answers.values_list("question__source_question_id", "rating", "scorecard__recommendation")
        .order_by()
        .annotate(count=Count("id"))
    )
    tables: dict[int, dict] = defaultdict(dict)
    for question_id, rating, recommendation, count in rows:
        if recommendation in RECOMMENDATION_RANK:
            tables[question_id][(rating, RECOMMENDATION_RANK[recommendation])] = count
    return dict(tables)


def question_decision_tables(
    *, question_ids: list[int] | None = None, hidden: Sequence[int] = ()
) -> dict[int, dict[tuple[int, int], int]]:
    """{bank question id: {(rating, 1 advance / 0 reject): count}} by the candidate's current
    decision (hold and undecided candidates left out)."""
    where, params = _question_filter(question_ids)
    hide, hide_params = _hidden_filter(hidden)
    sql = f"""
        SELECT q.source_question_id, a.rating, d.outcome, COUNT(*)
        FROM {COUNTED}
            JOIN {QUESTION} q ON q.id = a.question_id
            {CURRENT_DECISION_JOIN}
        WHERE a.rating IS NOT NULL AND d.outcome IN (%s, %s) AND {where} {hide}
        GROUP BY q.source_question_id, a.rating, d.outcome"""
    rows = _rows(sql, [*COUNTED_PARAMS, *DECISION_RANK, *params, *hide_params])
    tables: dict[int, dict] = defaultdict(dict)
    for question_id, rating, outcome, count in rows:
        tables[question_id][(rating, DECISION_RANK[outcome])] = count
    return dict(tables)


def completed_interview_count() -> int:
    """Interviews with at least one submitted scorecard (the denominator of "overused")."""
    return (
        Scorecard.objects.filter(status=Status.SUBMITTED)
        .exclude(interview__status=InterviewStatus.CANCELLED)
        .values("interview_id")
        .distinct()
        .count()
    )


# --- interviewers ----------------------------------------------------------------------------


def panelist_deviations(
    *, since: datetime | None, panelist_id: int | None = None, hidden: Sequence[int] = ()
) -> list[tuple]:
    """Per interviewer: (id, interviews, sum of per-interview mean differences, sum of their
    squares, ratings compared). A difference is one's rating minus the mean of the other
    panelists' ratings of the same frozen question."""
    period = "AND i.scheduled_at >= %s" if since else ""
    period_params = [since] if since else []
    own = (
        f"AND s.interview_id IN (SELECT interview_id FROM {SCORECARD} WHERE panelist_id = %s)"
        if panelist_id
        else ""
    )
    own_params = [panelist_id] if panelist_id else []
    hide, hide_params = _hidden_filter(hidden)
    sql = f"""
        WITH unit AS (
            SELECT a.question_id, SUM(a.rating) AS total, COUNT(a.rating) AS raters
            FROM {COUNTED}
            WHERE a.rating IS NOT NULL {period} {own} {hide}
            GROUP BY a.question_id),
        per_interview AS (
            SELECT s.panelist_id, s.interview_id, COUNT(*) AS ratings,
                   AVG(a.rating - (u.total - a.rating) * 1.0 / (u.raters - 1)) AS diff
            FROM {ANSWER} a
                JOIN {SCORECARD} s ON s.id = a.scorecard_id
                JOIN unit u ON u.question_id = a.question_id
            WHERE a.rating IS NOT NULL AND u.raters >= 2 AND s.status = %s
            GROUP BY s.panelist_id, s.interview_id)
        SELECT panelist_id, COUNT(*), SUM(diff), SUM(diff * diff), SUM(ratings)
        FROM per_interview {"WHERE panelist_id = %s" if panelist_id else ""}
        GROUP BY panelist_id"""
    params = [
        *COUNTED_PARAMS,
        *period_params,
        *own_params,
        *hide_params,
        Status.SUBMITTED,
        *own_params,
    ]
    return _rows(sql, params)


def panelist_decision_disagreements(
    *, since: datetime | None, panelist_id: int | None = None, hidden: Sequence[int] = ()
) -> dict[int, tuple[int, int]]:
    """Per interviewer: (scorecards compared, of which the recommendation went against the
    candidate's current decision). Yes sides against reject, no sides against advance; hold
    and undecided candidates are left out."""
    period = "AND i.scheduled_at >= %s" if since else ""
    own = "AND s.panelist_id = %s" if panelist_id else ""
    hide, hide_params = _hidden_filter(hidden)
    sql = f"""
        SELECT s.panelist_id, COUNT(*), SUM(CASE
            WHEN s.recommendation IN (%s, %s) AND d.outcome = %s THEN 1
            WHEN s.recommendation IN (%s, %s) AND d.outcome = %s THEN 1
            ELSE 0 END)
        FROM {SCORECARD} s
            JOIN {INTERVIEW} i ON i.id = s.interview_id AND i.status <> %s
            {CURRENT_DECISION_JOIN}
        WHERE s.status = %s AND d.outcome IN (%s, %s) {period} {own} {hide}
        GROUP BY s.panelist_id"""
    params = [
        *YES_SIDE,
        DecisionOutcome.REJECT,
        *NO_SIDE,
        DecisionOutcome.ADVANCE,
        InterviewStatus.CANCELLED,
        Status.SUBMITTED,
        *DECISION_RANK,
        *([since] if since else []),
        *([panelist_id] if panelist_id else []),
        *hide_params,
    ]
    return {row[0]: (int(row[1]), int(row[2])) for row in _rows(sql, params)}
