"""Queries behind the analytics pages: sums over the aggregates of analytics.models.

Only submitted scorecards are in the aggregates (analytics.aggregates); here the interview is
joined to leave out cancelled interviews, apply the period and the viewer's blind interviews,
and the candidate's current decision is joined as it stands now. The number of queries of each
function is fixed, and each returns at most a few rows per question or per interviewer, however
many interviews there are:

- Krippendorff's alpha needs each unit's (frozen question's) ratings, but it depends on a unit
  only through how many raters gave each value, which is what a QuestionUse row holds. The
  database returns how many units of each bank question share each pattern of counts (with four
  panelists a few dozen patterns at most); ``stats.alpha_ordinal_from_counts`` gives the package
  those patterns, repeated: the same alpha as from the full matrix.
- Rank correlations need only the contingency table of rating x recommendation (4 x 4, summed
  from QuestionUse's cells) or rating x decision (4 x 2).
- An interviewer's distance from the rest of the panel is kept per scorecard (the mean over its
  compared ratings); here it is summed per interviewer with the sum of squares for the interval.

Raw SQL (the same on PostgreSQL and SQLite) where the ORM cannot express the anti-join of the
current decision; table names come from the models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np
from django.db import connection

from interviews.models import Interview, InterviewStatus
from questionbank.models import RATING_LEVELS
from scorecards.models import Answer, Decision, DecisionOutcome, Recommendation
from scorecards.models import ScorecardStatus as Status
from scorecards.selectors import unsubmitted_seats

from .aggregates import CROSS_COLUMNS, RATED_COLUMNS
from .models import QuestionUse, ScorecardCalibration

RECOMMENDATION_RANK = {
    Recommendation.STRONG_NO: 1,
    Recommendation.NO: 2,
    Recommendation.YES: 3,
    Recommendation.STRONG_YES: 4,
}
DECISION_RANK = {DecisionOutcome.REJECT: 0, DecisionOutcome.ADVANCE: 1}
YES_SIDE = (Recommendation.YES, Recommendation.STRONG_YES)
NO_SIDE = (Recommendation.NO, Recommendation.STRONG_NO)

USE = QuestionUse._meta.db_table
CALIBRATION = ScorecardCalibration._meta.db_table
INTERVIEW = Interview._meta.db_table
DECISION = Decision._meta.db_table

# Interviews that count: not cancelled.
COUNTED_INTERVIEW = f"JOIN {INTERVIEW} i ON i.id = x.interview_id AND i.status <> %s"
COUNTED_PARAMS = [InterviewStatus.CANCELLED]

# Each candidate's current decision: their newest Decision row (an anti-join, which the planner
# estimates well; a ROW_NUMBER() window hid the row count from it).
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


def _placeholders(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def _question_filter(question_ids: list[int] | None) -> tuple[str, list]:
    """Uses of the given bank questions (None: of any bank question), read by index."""
    if question_ids is None:
        return "x.source_question_id IS NOT NULL", []
    if not question_ids:
        return "1 = 0", []
    return f"x.source_question_id IN ({_placeholders(question_ids)})", list(question_ids)


def _hidden_filter(hidden: Sequence[int]) -> tuple[str, list]:
    """Leaves out the interviews the viewer still owes a scorecard on (blind scoring)."""
    if not hidden:
        return "", []
    return f"AND i.id NOT IN ({_placeholders(hidden)})", list(hidden)


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


def question_uses(
    *, question_ids: list[int] | None = None, hidden: Sequence[int] = ()
) -> dict[int, dict]:
    """{bank question id: {uses, answers, not_asked, r1..r4, by_recommendation, patterns}}:
    by_recommendation is {(rating, recommendation rank 1-4): count}, patterns an array of rows
    (count at 1, .., count at 4, units with that pattern). One query, grouped by pattern (a few
    dozen rows per question), summed here with numpy."""
    where, params = _question_filter(question_ids)
    hide, hide_params = _hidden_filter(hidden)
    levels = ", ".join(f"x.{column}" for column in RATED_COLUMNS)
    cells = ", ".join(f"SUM(x.{column})" for column, _level, _rec in CROSS_COLUMNS)
    sql = f"""
        SELECT x.source_question_id, {levels}, COUNT(*), SUM(x.answers), SUM(x.not_asked), {cells}
        FROM {USE} x {COUNTED_INTERVIEW}
        WHERE {where} {hide}
        GROUP BY x.source_question_id, {levels}
        ORDER BY x.source_question_id"""
    rows = _rows(sql, [*COUNTED_PARAMS, *params, *hide_params])
    if not rows:
        return {}
    table = np.array(rows, dtype=np.int64)
    levels_at = slice(1, 1 + len(RATING_LEVELS))
    units_at = levels_at.stop
    ids, starts = np.unique(table[:, 0], return_index=True)
    uses = {}
    for question_id, group in zip(ids.tolist(), np.split(table, starts[1:]), strict=True):
        patterns = group[:, levels_at.start : units_at + 1]
        units = group[:, units_at]
        rated = (group[:, levels_at] * units[:, None]).sum(axis=0)
        answers, not_asked, *crossed = group[:, units_at + 1 :].sum(axis=0).tolist()
        uses[question_id] = {
            "uses": int(units.sum()),
            "answers": answers,
            "not_asked": not_asked,
            **{f"r{level}": int(n) for level, n in zip(RATING_LEVELS, rated, strict=True)},
            "by_recommendation": {
                (level, RECOMMENDATION_RANK[recommendation]): count
                for (_column, level, recommendation), count in zip(
                    CROSS_COLUMNS, crossed, strict=True
                )
                if count
            },
            "patterns": patterns,
        }
    return uses


def question_decision_tables(
    *, question_ids: list[int] | None = None, hidden: Sequence[int] = ()
) -> dict[int, dict[tuple[int, int], int]]:
    """{bank question id: {(rating, 1 advance / 0 reject): count}} by the candidate's current
    decision (hold and undecided candidates left out)."""
    where, params = _question_filter(question_ids)
    hide, hide_params = _hidden_filter(hidden)
    sums = ", ".join(f"SUM(x.{column})" for column in RATED_COLUMNS)
    sql = f"""
        SELECT x.source_question_id, d.outcome, {sums}
        FROM {USE} x {COUNTED_INTERVIEW} {CURRENT_DECISION_JOIN}
        WHERE d.outcome IN (%s, %s) AND {where} {hide}
        GROUP BY x.source_question_id, d.outcome"""
    rows = _rows(sql, [*COUNTED_PARAMS, *DECISION_RANK, *params, *hide_params])
    tables: dict[int, dict] = defaultdict(dict)
    for question_id, outcome, *counts in rows:
        for level, count in zip(RATING_LEVELS, counts, strict=True):
            if count:
                tables[question_id][(level, DECISION_RANK[outcome])] = int(count)
    return dict(tables)


def completed_interview_count() -> int:
    """Interviews with at least one submitted scorecard (the denominator of "overused")."""
    sql = f"SELECT COUNT(DISTINCT x.interview_id) FROM {CALIBRATION} x {COUNTED_INTERVIEW}"
    return int(_rows(sql, COUNTED_PARAMS)[0][0])


# --- interviewers ----------------------------------------------------------------------------


def _interviewer_filter(
    *, since: datetime | None, panelist_id: int | None, hidden: Sequence[int]
) -> tuple[str, list]:
    hide, hide_params = _hidden_filter(hidden)
    period = "AND i.scheduled_at >= %s" if since else ""
    own = "AND x.panelist_id = %s" if panelist_id else ""
    params = [
        *([connection.ops.adapt_datetimefield_value(since)] if since else []),
        *([panelist_id] if panelist_id else []),
        *hide_params,
    ]
    return f"{period} {own} {hide}", params


def panelist_deviations(
    *, since: datetime | None, panelist_id: int | None = None, hidden: Sequence[int] = ()
) -> list[tuple]:
    """Per interviewer: (id, interviews, sum of per-interview mean differences, sum of their
    squares, ratings compared). A difference is one's rating minus the mean of the other
    panelists' ratings of the same frozen question."""
    where, params = _interviewer_filter(since=since, panelist_id=panelist_id, hidden=hidden)
    sql = f"""
        SELECT x.panelist_id, COUNT(*), SUM(x.difference), SUM(x.difference * x.difference),
               SUM(x.compared)
        FROM {CALIBRATION} x {COUNTED_INTERVIEW}
        WHERE x.compared > 0 {where}
        GROUP BY x.panelist_id"""
    return _rows(sql, [*COUNTED_PARAMS, *params])


def panelist_decision_disagreements(
    *, since: datetime | None, panelist_id: int | None = None, hidden: Sequence[int] = ()
) -> dict[int, tuple[int, int]]:
    """Per interviewer: (scorecards compared, of which the recommendation went against the
    candidate's current decision). Yes sides against reject, no sides against advance; hold
    and undecided candidates are left out."""
    where, params = _interviewer_filter(since=since, panelist_id=panelist_id, hidden=hidden)
    sql = f"""
        SELECT x.panelist_id, COUNT(*), SUM(CASE
            WHEN x.recommendation IN (%s, %s) AND d.outcome = %s THEN 1
            WHEN x.recommendation IN (%s, %s) AND d.outcome = %s THEN 1
            ELSE 0 END)
        FROM {CALIBRATION} x {COUNTED_INTERVIEW} {CURRENT_DECISION_JOIN}
        WHERE d.outcome IN (%s, %s) {where}
        GROUP BY x.panelist_id"""
    params = [
        *YES_SIDE,
        DecisionOutcome.REJECT,
        *NO_SIDE,
        DecisionOutcome.ADVANCE,
        *COUNTED_PARAMS,
        *DECISION_RANK,
        *params,
    ]
    return {row[0]: (int(row[1]), int(row[2])) for row in _rows(sql, params)}
