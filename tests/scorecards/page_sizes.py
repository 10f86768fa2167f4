"""Builds issue 14's "pages stay flat" sizes for tests and bench/pages.py: a candidate with 1 or
50 interviews (each with a panel, submitted scorecards, a late panelist, frozen questions and
answers) and 0, 2 or 20 report jobs. Bulk inserts only, so the biggest case stays cheap."""

from __future__ import annotations

from datetime import timedelta
from itertools import cycle

from django.utils import timezone

from interviews.models import Interview, InterviewStatus, PanelSeat
from scorecards.models import (
    Answer,
    Decision,
    DecisionOutcome,
    Report,
    ReportKind,
    ReportStatus,
    Scorecard,
    ScorecardStatus,
)
from tests.reports.panel_data import frozen_questions_create, scored_interview_create

# A report job in every state the "PDF documents" card shows differently.
REPORT_STATUSES = [
    ReportStatus.READY,
    ReportStatus.FAILED,
    ReportStatus.QUEUED,
    ReportStatus.RENDERING,
]


def page_interview_create(*, lead, second_panelist, panelist, hiring_manager) -> Interview:
    """A live interview that ended three hours ago (the dashboard's "awaiting" tab): lead and
    second_panelist submitted, ``panelist`` is seated and late; one decision on the candidate."""
    interview = scored_interview_create(
        panelists=[lead, second_panelist, panelist],
        submitted=[lead, second_panelist],
        questions=4,
        hiring_managers=[hiring_manager],
    )
    start = timezone.now() - timedelta(hours=3)
    interview.status = InterviewStatus.LIVE
    interview.scheduled_at = start
    interview.started_at = start
    interview.save(update_fields=["status", "scheduled_at", "started_at"])
    Decision.objects.create(
        candidate=interview.candidate,
        interview=interview,
        outcome=DecisionOutcome.HOLD,
        rationale="Hold until the second round.",
        decided_by=hiring_manager,
    )
    return interview


def interviews_add(*, interview: Interview, count: int) -> list[Interview]:
    """``count`` more interviews of the same candidate, each like ``interview``: the same panel,
    the same panelists submitted (two frozen questions rated), a decision at every tenth."""
    seats = list(interview.seats.all())
    submitted = list(interview.scorecards.filter(status=ScorecardStatus.SUBMITTED))
    now = timezone.now()
    extra = []
    for n in range(1, count + 1):
        start = interview.scheduled_at - timedelta(days=n)
        extra.append(
            Interview(
                candidate_id=interview.candidate_id,
                status=InterviewStatus.LIVE,
                scheduled_at=start,
                started_at=start,
                ends_at=start + timedelta(minutes=interview.duration_minutes),
                duration_minutes=interview.duration_minutes,
                seed=n,
            )
        )
    extra = Interview.objects.bulk_create(extra)
    PanelSeat.objects.bulk_create(
        PanelSeat(interview=other, user_id=seat.user_id, is_lead=seat.is_lead)
        for other in extra
        for seat in seats
    )
    scorecards = Scorecard.objects.bulk_create(
        Scorecard(
            interview=other,
            panelist_id=scorecard.panelist_id,
            status=ScorecardStatus.SUBMITTED,
            recommendation=scorecard.recommendation,
            summary=scorecard.summary,
            submitted_at=now,
        )
        for other in extra
        for scorecard in submitted
    )
    questions = {other.pk: frozen_questions_create(interview=other, count=2) for other in extra}
    Answer.objects.bulk_create(
        Answer(scorecard=scorecard, question=question, rating=1 + question.position)
        for scorecard in scorecards
        for question in questions[scorecard.interview_id]
    )
    decided_by = Decision.objects.filter(interview=interview).values_list(
        "decided_by_id", flat=True
    )[0]
    Decision.objects.bulk_create(
        Decision(
            candidate_id=interview.candidate_id,
            interview=other,
            outcome=DecisionOutcome.ADVANCE,
            rationale=f"Advance after interview {other.seed}.",
            decided_by_id=decided_by,
            decided_at=other.scheduled_at + timedelta(hours=2),
        )
        for other in extra[9::10]
    )
    return extra


def reports_set(*, interview: Interview, count: int) -> list[Report]:
    """Exactly ``count`` report jobs about ``interview`` and its candidate (any others are
    deleted): every subject of the interview's pages in turn (its candidate report, its kit,
    each submitted scorecard, the candidate's report over all interviews), older jobs first,
    in every state."""
    candidate = interview.candidate
    Report.objects.filter(candidate=candidate).delete()
    Report.objects.filter(interview__candidate=candidate).delete()
    Report.objects.filter(scorecard__interview__candidate=candidate).delete()
    subjects = [
        {"kind": ReportKind.CANDIDATE_REPORT, "interview": interview},
        {"kind": ReportKind.INTERVIEW_KIT, "interview": interview},
        *(
            {"kind": ReportKind.SCORECARD, "scorecard": scorecard}
            for scorecard in interview.scorecards.all()
        ),
        {"kind": ReportKind.CANDIDATE_REPORT, "candidate": candidate},
    ]
    statuses = cycle(REPORT_STATUSES)
    reports = []
    for n, subject in zip(range(count), cycle(subjects), strict=False):
        status = next(statuses)
        ready = status == ReportStatus.READY
        reports.append(
            Report(
                **subject,
                status=status,
                attempts=1,
                fingerprint="f" * 64,
                rendered_fingerprint="r" * 64 if ready else "",
                file=f"reports/2026/12/report-{n}.pdf" if ready else "",
                error="The renderer stopped." if status == ReportStatus.FAILED else "",
            )
        )
    return Report.objects.bulk_create(reports)
