"""The candidate report: every submitted scorecard of one interview, or of all a candidate's
interviews, with the panel's verdict, ratings by category and per question."""

from __future__ import annotations

import statistics
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.people import display_name
from interviews.models import Candidate, Interview
from interviews.weights import weighted_total
from questionbank.models import RATING_LEVELS

from ...charts import category_chart_svg
from ...decisions import decision_report_block
from ...models import Recommendation
from ...selectors import PanelSummary, panel_summary
from ..subject import Subject
from .common import ReportContent, base_canonical, question_canonical, rich_text
from .reader import ContentReader, panel_of


def _interviews(subject: Subject, reader: ContentReader) -> tuple[Candidate, list[Interview]]:
    if subject.interview:
        interview = reader.interview(subject.interview.pk)
        return interview.candidate, [interview]
    if subject.candidate:
        return subject.candidate, reader.candidate_interviews(subject.candidate)
    raise ValueError("a candidate report needs an interview or a candidate")


def _interview_canonical(interview: Interview, reader: ContentReader) -> dict[str, Any]:
    questions = reader.questions(interview.pk)
    scorecards = reader.submitted(interview.pk)
    answers = reader.answers(scorecards)

    def rating(scorecard, question) -> list[Any]:
        answer = answers[scorecard.pk].get(question.pk)
        if answer is None:
            return [question.pk, None, False, ""]
        return [question.pk, answer.rating, bool(answer.not_asked), answer.notes]

    return {
        "interview": interview.pk,
        "scheduled_at": interview.scheduled_at.isoformat(),
        "plan": interview.plan.name if interview.plan else "",
        "panel": panel_of(reader.seats(interview.pk)),
        "questions": [question_canonical(question) for question in questions],
        "scorecards": [
            {
                "id": scorecard.pk,
                "panelist": display_name(scorecard.panelist),
                "recommendation": scorecard.recommendation,
                "summary": scorecard.summary,
                "ratings": [rating(scorecard, question) for question in questions],
            }
            for scorecard in scorecards
        ],
        # The section weights frozen at scheduling: the weighted total derives from them and
        # the ratings above, so a changed weight changes the fingerprint.
        "weights": reader.weights(interview.pk),
    }


def canonical(subject: Subject, *, reader: ContentReader, paper_size: str) -> dict[str, Any]:
    candidate, interviews = _interviews(subject, reader)
    data = base_canonical(
        kind=subject.kind, candidate=candidate, paper_size=paper_size, labels=reader.labels()
    )
    data["interviews"] = [_interview_canonical(interview, reader) for interview in interviews]
    # The current decision and its rationale (None before one is taken): part of the
    # fingerprint, so a changed decision makes a ready report stale.
    data["decision"] = decision_report_block(candidate=candidate)
    return data


def _headline(*, summary: PanelSummary, pending: list[str]) -> dict[str, Any]:
    """What a reader needs first: who is for and against hiring, how the ratings came out."""
    if not summary.scorecards:
        return {"verdict": _("No panelist has submitted a scorecard yet."), "details": []}
    total = len(summary.scorecards)
    counts = {value: count for value, _label, count in summary.tally}
    verdict = ngettext(
        "%(for)d of %(total)d panelist for hiring, %(against)d against",
        "%(for)d of %(total)d panelists for hiring, %(against)d against",
        total,
    ) % {
        "for": counts[Recommendation.YES] + counts[Recommendation.STRONG_YES],
        "total": total,
        "against": counts[Recommendation.NO] + counts[Recommendation.STRONG_NO],
    }
    details = []
    ratings = [value for item in summary.questions for value in item.spread.values]
    if ratings:
        details.append(
            ngettext(
                "Mean rating %(mean).2f of %(top)d over %(count)d question",
                "Mean rating %(mean).2f of %(top)d over %(count)d questions",
                len(summary.questions),
            )
            % {
                "mean": statistics.fmean(ratings),
                "top": max(RATING_LEVELS),
                "count": len(summary.questions),
            }
        )
        split = [f"Q{item.question.position}" for item in summary.disagreements]
        details.append(
            ngettext(
                "the panel disagrees on %(count)d question (%(questions)s)",
                "the panel disagrees on %(count)d questions (%(questions)s)",
                len(split),
            )
            % {"count": len(split), "questions": ", ".join(split)}
            if split
            else _("the panel agrees on every question")
        )
    if pending:
        details.append(_("not submitted yet: %(names)s") % {"names": ", ".join(pending)})
    return {"verdict": verdict, "details": details}


def _interview_context(
    interview: Interview, *, reader: ContentReader, labels: dict[int, str]
) -> dict[str, Any]:
    """What the template draws of one interview of a candidate report."""
    summary = panel_summary(interview=interview)
    names = [display_name(scorecard.panelist) for scorecard in summary.scorecards]
    seats = reader.seats(interview.pk)
    leads = {seat.user_id for seat in seats if seat.is_lead}
    submitted = {scorecard.panelist_id for scorecard in summary.scorecards}
    pending = [display_name(seat.user) for seat in seats if seat.user_id not in submitted]
    disagreements: dict[str, list[int]] = {}
    for item in summary.disagreements:
        disagreements.setdefault(item.question.category_name, []).append(item.question.position)
    questions = [
        {
            "question": item.question,
            "prompt": rich_text(item.question.prompt),
            "spread": item.spread,
            "ratings": [
                (name, rating, labels.get(rating.rating))
                for name, rating in zip(names, item.ratings, strict=True)
            ],
        }
        for item in summary.questions
    ]
    who = [
        {
            "name": names[column],
            "lead": scorecard.panelist_id in leads,
            "recommendation": scorecard.recommendation,
            "label": scorecard.get_recommendation_display(),
            "summary": scorecard.summary,
            "ratings": [
                (item.question.position, item.ratings[column]) for item in summary.questions
            ],
        }
        for column, scorecard in enumerate(summary.scorecards)
    ]
    return {
        "interview": interview,
        "summary": summary,
        "panel": panel_of(seats),
        "headline": _headline(summary=summary, pending=pending),
        "questions": questions,
        "chart": category_chart_svg(summary.categories, disagreements=disagreements),
        "who": who,
        "weighted": weighted_total(interview=interview, categories=summary.categories),
    }


def content(subject: Subject, *, reader: ContentReader, paper_size: str) -> ReportContent:
    candidate, interviews = _interviews(subject, reader)
    labels = reader.labels()
    data = canonical(subject, reader=reader, paper_size=paper_size)
    return ReportContent(
        template="scorecards/reports/candidate_report.html",
        title=_("Candidate report: %(name)s") % {"name": candidate.full_name},
        filename=f"candidate-report-{slugify(candidate.full_name) or 'candidate'}",
        context={
            "candidate": candidate,
            "blocks": [
                _interview_context(interview, reader=reader, labels=labels)
                for interview in interviews
            ],
            "labels": labels,
            "decision": data["decision"],
        },
        canonical=data,
    )
