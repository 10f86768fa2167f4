"""Keeps the aggregates of analytics.models up to date with the submitted scorecards.

Two ways in, both computing an interview's rows again from its answers (set-based: the same few
statements for one interview or for three hundred):

- In the writing transaction: scorecards calls ``aggregates_refresh`` (registered in
  ``scorecards.services.SUBMISSION_LISTENERS``) when a scorecard is submitted or reopened and
  when demo history is created, so the figures are right the moment the change commits, with no
  worker involved.
- Catching up: every page that reads the aggregates first calls ``aggregates_catch_up``. It looks
  for scorecards and answers saved at or after their interview's last refresh, among the rows
  saved since the last catch-up (less ``LOOKBACK``, for a transaction that saved a row before
  the catch-up and committed after it), and refreshes those interviews. Rows written outside the
  services (an import, a shell, a data fix) heal on the next page view; ``manage.py
  analytics_refresh`` computes everything again (after a deploy, or after deleting a submitted
  scorecard by hand, which no timestamp shows).

Every refresh locks its interviews' rows first (the order scorecard_submit already takes), so
two refreshes of one interview never interleave.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from interviews.models import Interview, InterviewQuestion
from questionbank.models import RATING_LEVELS
from scorecards.models import Answer, Recommendation, Scorecard, ScorecardStatus

from .models import InterviewRefresh, QuestionUse, ScorecardCalibration, Watermark

LOOKBACK = timedelta(minutes=5)
# More stale interviews than this are refreshed by computing everything again (a fixed number
# of statements either way; the ids go into the SQL as parameters).
SCOPED_LIMIT = 300

ANSWER = Answer._meta.db_table
SCORECARD = Scorecard._meta.db_table
QUESTION = InterviewQuestion._meta.db_table
INTERVIEW = Interview._meta.db_table
USE = QuestionUse._meta.db_table
CALIBRATION = ScorecardCalibration._meta.db_table
REFRESH = InterviewRefresh._meta.db_table

RATED_COLUMNS = [f"rated_{level}" for level in RATING_LEVELS]
CROSS_COLUMNS = [
    (f"rated_{level}_{recommendation}", level, recommendation)
    for level in RATING_LEVELS
    for recommendation in Recommendation.values
]


def _when(moment: datetime):
    """A datetime as a raw query's parameter, stored as the ORM stores it (SQLite: naive UTC)."""
    return connection.ops.adapt_datetimefield_value(moment)


def _execute(sql: str, params: Sequence = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall() if cursor.description else []


def _scope(column: str, interview_ids: list[int] | None) -> tuple[str, list]:
    if interview_ids is None:
        return "1 = 1", []
    if not interview_ids:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(interview_ids))})", list(interview_ids)


def _use_insert(interview_ids: list[int] | None) -> None:
    """A QuestionUse row for every frozen question with a submitted answer."""
    scope, params = _scope("s.interview_id", interview_ids)
    rated = [f"SUM(CASE WHEN a.rating = {level} THEN 1 ELSE 0 END)" for level in RATING_LEVELS]
    cross = [
        f"SUM(CASE WHEN a.rating = {level} AND s.recommendation = %s THEN 1 ELSE 0 END)"
        for _column, level, _recommendation in CROSS_COLUMNS
    ]
    columns = ", ".join(RATED_COLUMNS + [column for column, _l, _r in CROSS_COLUMNS])
    _execute(
        f"""
        INSERT INTO {USE} (question_id, interview_id, source_question_id, answers, not_asked,
                           {columns})
        SELECT q.id, q.interview_id, q.source_question_id, COUNT(*),
               SUM(CASE WHEN a.not_asked = %s THEN 1 ELSE 0 END), {", ".join(rated + cross)}
        FROM {ANSWER} a
            JOIN {SCORECARD} s ON s.id = a.scorecard_id AND s.status = %s
            JOIN {QUESTION} q ON q.id = a.question_id
        WHERE {scope}
        GROUP BY q.id, q.interview_id, q.source_question_id""",
        [
            True,
            *[recommendation for _c, _l, recommendation in CROSS_COLUMNS],
            ScorecardStatus.SUBMITTED,
            *params,
        ],
    )


def _calibration_insert(interview_ids: list[int] | None) -> None:
    """A ScorecardCalibration row for every submitted scorecard. A difference is one's rating
    minus the mean of the other submitted panelists' ratings of the same frozen question."""
    scope, params = _scope("s.interview_id", interview_ids)
    submitted = f"JOIN {SCORECARD} s ON s.id = a.scorecard_id AND s.status = %s"
    _execute(
        f"""
        INSERT INTO {CALIBRATION} (scorecard_id, interview_id, panelist_id, recommendation,
                                   compared, difference)
        SELECT s.id, s.interview_id, s.panelist_id, s.recommendation,
               COALESCE(own.compared, 0), own.difference
        FROM {SCORECARD} s LEFT JOIN (
            SELECT a.scorecard_id, COUNT(*) AS compared,
                   AVG(a.rating - (unit.total - a.rating) * 1.0 / (unit.raters - 1)) AS difference
            FROM {ANSWER} a {submitted}
                JOIN (
                    SELECT a.question_id, SUM(a.rating) AS total, COUNT(a.rating) AS raters
                    FROM {ANSWER} a {submitted}
                    WHERE a.rating IS NOT NULL AND {scope}
                    GROUP BY a.question_id) unit ON unit.question_id = a.question_id
            WHERE a.rating IS NOT NULL AND unit.raters >= 2 AND {scope}
            GROUP BY a.scorecard_id) own ON own.scorecard_id = s.id
        WHERE s.status = %s AND {scope}""",
        [
            ScorecardStatus.SUBMITTED,
            ScorecardStatus.SUBMITTED,
            *params,
            *params,
            ScorecardStatus.SUBMITTED,
            *params,
        ],
    )


def _recompute(interview_ids: list[int] | None, *, stamp: datetime) -> None:
    """Locks the interviews (None: all), then computes their rows again."""
    locked = Interview.objects.order_by("pk").select_for_update()
    if interview_ids is not None:
        locked = locked.filter(pk__in=interview_ids)
    list(locked.values_list("pk"))
    for table in (USE, CALIBRATION, REFRESH):
        scope, params = _scope("interview_id", interview_ids)
        _execute(f"DELETE FROM {table} WHERE {scope}", params)
    _use_insert(interview_ids)
    _calibration_insert(interview_ids)
    scope, params = _scope("id", interview_ids)
    _execute(
        f"INSERT INTO {REFRESH} (interview_id, refreshed_at) SELECT id, %s FROM {INTERVIEW} "
        f"WHERE {scope}",
        [_when(stamp), *params],
    )
    if interview_ids is None:
        Watermark.objects.update_or_create(pk=1, defaults={"recomputed_at": stamp})


def _scoped(interview_ids) -> list[int] | None:
    """The ids to refresh, or None (every interview) when there are too many for one query."""
    ids = sorted(set(interview_ids))
    return ids if len(ids) <= SCOPED_LIMIT else None


def aggregates_refresh(interview_ids: list[int]) -> None:
    """Compute the interviews' rows again, in the caller's transaction."""
    if interview_ids:
        with transaction.atomic():
            _recompute(_scoped(interview_ids), stamp=timezone.now())


def _stale_interviews(*, since: datetime, limit: int | None = None) -> list[int]:
    """Interviews with a scorecard or answer that counts (or counted) saved at or after
    ``since`` and at or after the interview's last refresh."""
    not_refreshed = f"""
        LEFT JOIN {REFRESH} r ON r.interview_id = s.interview_id
        WHERE {{saved}} >= %s AND (r.refreshed_at IS NULL OR r.refreshed_at <= {{saved}})"""
    sql = f"""
        SELECT s.interview_id FROM {SCORECARD} s
            {not_refreshed.format(saved="s.updated_at")}
            AND (s.status = %s OR EXISTS (
                SELECT 1 FROM {CALIBRATION} c WHERE c.scorecard_id = s.id))
        UNION {"ALL" if limit else ""}
        SELECT s.interview_id FROM {ANSWER} a
            JOIN {SCORECARD} s ON s.id = a.scorecard_id AND s.status = %s
            {not_refreshed.format(saved="a.updated_at")}
        {f"LIMIT {int(limit)}" if limit else ""}"""
    params = [_when(since), ScorecardStatus.SUBMITTED, ScorecardStatus.SUBMITTED, _when(since)]
    return [row[0] for row in _execute(sql, params)]


def _since(watermark: Watermark) -> datetime:
    """Rows saved since the last catch-up, less LOOKBACK, but none from before the last time
    every interview was computed (which read them all)."""
    since = watermark.caught_up_at - LOOKBACK
    return max(since, watermark.recomputed_at) if watermark.recomputed_at else since


def aggregates_catch_up() -> None:
    """Refresh what changed outside the services since the last catch-up (see the module's
    docstring). Two queries when nothing did."""
    watermark = Watermark.objects.filter(pk=1).first()
    if watermark is not None and watermark.caught_up_at is not None:
        nothing_new = not _stale_interviews(since=_since(watermark), limit=1)
        if nothing_new and timezone.now() - watermark.caught_up_at < LOOKBACK:
            return
    with transaction.atomic():
        Watermark.objects.get_or_create(pk=1)
        watermark = Watermark.objects.select_for_update().get(pk=1)
        started = timezone.now()
        if watermark.caught_up_at is None:
            _recompute(None, stamp=started)
        elif stale := _stale_interviews(since=_since(watermark)):
            _recompute(_scoped(stale), stamp=started)
        Watermark.objects.filter(pk=1).update(caught_up_at=started)


def aggregates_rebuild() -> None:
    """Compute every interview's rows again (``manage.py analytics_refresh``)."""
    with transaction.atomic():
        Watermark.objects.get_or_create(pk=1)
        Watermark.objects.select_for_update().get(pk=1)
        started = timezone.now()
        _recompute(None, stamp=started)
        Watermark.objects.filter(pk=1).update(caught_up_at=started)
