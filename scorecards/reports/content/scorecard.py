"""A panelist's scorecard: their ratings, notes and recommendation, question by question."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.people import display_name

from ...models import Scorecard
from ..subject import Subject
from .common import ReportContent, base_canonical, question_canonical, rich_text
from .reader import ContentReader, panel_of


def _scorecard(subject: Subject, reader: ContentReader) -> Scorecard:
    if not subject.scorecard:
        raise ValueError(f"no report of kind {subject.kind!r} for this subject")
    return reader.scorecard(subject.scorecard.pk)


def canonical(subject: Subject, *, reader: ContentReader, paper_size: str) -> dict[str, Any]:
    scorecard = _scorecard(subject, reader)
    interview = scorecard.interview
    answers = reader.answers([scorecard])[scorecard.pk].values()
    data = base_canonical(
        kind=subject.kind,
        candidate=interview.candidate,
        paper_size=paper_size,
        labels=reader.labels(),
    )
    data.update(
        interview=interview.pk,
        scheduled_at=interview.scheduled_at.isoformat(),
        questions=[question_canonical(q) for q in reader.questions(interview.pk)],
        scorecard={
            "id": scorecard.pk,
            "panelist": display_name(scorecard.panelist),
            "status": scorecard.status,
            "recommendation": scorecard.recommendation,
            "summary": scorecard.summary,
            "answers": sorted([a.question_id, a.rating, a.not_asked, a.notes] for a in answers),
        },
    )
    return data


def content(subject: Subject, *, reader: ContentReader, paper_size: str) -> ReportContent:
    scorecard = _scorecard(subject, reader)
    interview = scorecard.interview
    labels = reader.labels()
    answers = reader.answers([scorecard])[scorecard.pk]
    rows = []
    for question in reader.questions(interview.pk):
        answer = answers.get(question.pk)
        rows.append(
            {
                "question": question,
                "prompt": rich_text(question.prompt),
                "answer": answer,
                "label": labels.get(answer.rating) if answer else None,
            }
        )
    panelist = display_name(scorecard.panelist)
    return ReportContent(
        template="scorecards/reports/scorecard.html",
        title=_("Scorecard of %(panelist)s for %(name)s")
        % {"panelist": panelist, "name": interview.candidate.full_name},
        filename=f"scorecard-{slugify(interview.candidate.full_name)}-{slugify(panelist)}",
        context={
            "interview": interview,
            "candidate": interview.candidate,
            "scorecard": scorecard,
            "panelist": panelist,
            "panel": panel_of(reader.seats(interview.pk)),
            "rows": rows,
        },
        canonical=canonical(subject, reader=reader, paper_size=paper_size),
    )
