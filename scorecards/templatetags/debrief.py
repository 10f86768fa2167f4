"""The debrief in other apps' pages: the interview's decision card and the candidate pipeline.

Each tag asks scorecards.decisions, so a decision shows only to those who may read it (never to
whoever still owes a scorecard on the candidate)."""

from __future__ import annotations

from django import template

from interviews import policies as hiring
from interviews.models import Candidate, Interview
from scorecards import decisions

register = template.Library()


@register.inclusion_tag("scorecards/_debrief.html", takes_context=True)
def debrief_card(context, interview: Interview):
    """Feedback state, the current decision and the debrief's actions for one interview."""
    user = context["request"].user
    candidate = interview.candidate
    readable = decisions.can_read_decisions(user, candidate)
    can_record = readable and decisions.may_decide(user, interview)
    can_close = decisions.can_close_feedback(user, interview)
    return {
        "interview": interview,
        "show": readable or can_close,
        "decision": decisions.decision_current(candidate=candidate) if readable else None,
        "closure": decisions.feedback_closure(interview=interview),
        "pending": decisions.pending_panelists(interview=interview),
        "can_record": can_record,
        "record_refusal": decisions.decision_refusal(interview=interview) if can_record else "",
        "can_close": can_close and not decisions.close_refusal(interview=interview),
        "trail_link": hiring.can_view_candidate(user, candidate),
    }


@register.inclusion_tag("scorecards/_pipeline.html", takes_context=True)
def candidate_pipeline(context, candidate: Candidate):
    """The candidate's interviews and decisions in time order (decisions only if readable)."""
    user = context["request"].user
    readable = decisions.can_read_decisions(user, candidate)
    return {
        "candidate": candidate,
        "steps": decisions.candidate_pipeline(candidate=candidate, with_decisions=readable),
        "hidden": not readable,
    }
