"""Who may request, download and see reports.

Decided only by asking the policies that decide the pages: interviews.policies (who sees an
interview or a candidate) and scorecards.policies (who reads other panelists' ratings: never
before one's own submission).
"""

from __future__ import annotations

from interviews import policies as hiring
from interviews.models import Interview

from .. import policies as scoring
from ..decisions import can_read_report_decision
from ..models import Report, ReportKind, ScorecardStatus
from .subject import Subject


def can_see_panel_ratings(user, interview: Interview) -> bool:
    return hiring.can_view_interview(user, interview) and scoring.can_read_panel(user, interview)


def can_see_subject(user, subject: Subject) -> bool:
    """Does ``user`` see what the report is about at all? If not, the subject answers 404 like
    a missing one; if so but the report is not theirs to have, 403."""
    if subject.candidate is not None:
        return hiring.can_view_candidate(user, subject.candidate)
    interview = subject.interview or (subject.scorecard and subject.scorecard.interview)
    return interview is not None and hiring.can_view_interview(user, interview)


def can_request(user, subject: Subject) -> bool:
    """May ``user`` ask for (and so read) this report? Never more than the pages show."""
    if not user.is_authenticated:
        return False
    if subject.kind == ReportKind.INTERVIEW_KIT and subject.interview:
        return hiring.can_view_interview(user, subject.interview)
    if subject.kind == ReportKind.SCORECARD and subject.scorecard:
        scorecard = subject.scorecard
        if scorecard.panelist_id == user.pk:
            return scoring.can_score(user, scorecard.interview)
        return scorecard.status == ScorecardStatus.SUBMITTED and can_see_panel_ratings(
            user, scorecard.interview
        )
    if subject.kind == ReportKind.CANDIDATE_REPORT and subject.interview:
        return can_see_panel_ratings(user, subject.interview) and can_read_report_decision(
            user, subject.interview.candidate
        )
    if subject.kind == ReportKind.CANDIDATE_REPORT and subject.candidate:
        # Every interview of the candidate is in it: only those who see the whole candidate
        # and owe no scorecard on any of those interviews.
        return scoring.can_read_candidate_panels(user, subject.candidate)
    return False


def can_download(user, report: Report) -> bool:
    """The same check as requesting: a report shows exactly what its subject's pages show."""
    return can_request(user, Subject.of(report))


def can_see_error_detail(user) -> bool:
    """Staff read a failed report's technical cause; everyone else reads the plain message."""
    return user.is_staff
