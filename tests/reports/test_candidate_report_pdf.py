"""The candidate report PDF holds the frozen questions, every rating, note and summary."""

import pytest

from scorecards.models import ReportKind, ReportStatus
from scorecards.reports import Subject

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_it_prints_every_frozen_question_rating_and_note(render_now, recruiter, scored_interview):
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    assert report.status == ReportStatus.READY, report.error
    text = pdf_text(report.file.read())

    assert "Grace Hopper" in text
    assert "Confidential" in text
    assert report.rendered_fingerprint[:12] in text
    for question in scored_interview.questions.all():
        assert f"Question {question.position}: how does select_related" in text
    for scorecard in scored_interview.scorecards.all():
        assert scorecard.summary in text
        for answer in scorecard.answers.exclude(notes=""):
            assert answer.notes in text
            assert f"{answer.rating} / 4" in text


def test_it_leaves_out_scorecards_that_are_not_submitted(
    render_now, recruiter, scored_interview, panelist
):
    from scorecards.models import Answer, Scorecard

    draft = Scorecard.objects.create(interview=scored_interview, panelist=panelist)
    Answer.objects.create(
        scorecard=draft,
        question=scored_interview.questions.first(),
        rating=1,
        notes="Draft note nobody may read yet",
    )
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    assert "Draft note nobody may read yet" not in pdf_text(report.file.read())


def test_it_prints_all_interviews_of_a_candidate(render_now, recruiter, scored_interview, lead):
    from .panel_data import scored_interview_create

    second = scored_interview_create(
        panelists=[lead], questions=2, position=scored_interview.candidate.position
    )
    second.candidate = scored_interview.candidate
    second.save(update_fields=["candidate"])

    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=scored_interview.candidate),
    )
    text = pdf_text(report.file.read())
    assert "Interview 1 of 2" in text and "Interview 2 of 2" in text


def test_it_prints_a_kit_without_any_score(render_now, lead, scored_interview):
    report = render_now(
        user=lead, subject=Subject(kind=ReportKind.INTERVIEW_KIT, interview=scored_interview)
    )
    text = pdf_text(report.file.read())
    assert "Explains joins versus separate queries." in text
    assert "How do you spot N+1 queries?" in text
    assert "A second query per relation" in text
    assert "Summary by" not in text
    assert " on Q1:" not in text


def test_it_prints_one_panelists_scorecard(render_now, lead, scored_interview):
    own = scored_interview.scorecards.get(panelist=lead)
    report = render_now(user=lead, subject=Subject(kind=ReportKind.SCORECARD, scorecard=own))
    text = pdf_text(report.file.read())
    assert own.summary in text
    others = scored_interview.scorecards.exclude(pk=own.pk)
    assert all(other.summary not in text for other in others)


def test_it_sets_the_page_size_from_the_request(render_now, recruiter, scored_interview):
    import io

    from pypdf import PdfReader

    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
        paper_size="Letter",
    )
    box = PdfReader(io.BytesIO(report.file.read())).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
