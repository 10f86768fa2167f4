"""The candidate report PDF holds the frozen questions, every rating, note and summary."""

import re

import pytest

from interviews.models import InterviewQuestion
from questionbank.selectors import rating_labels
from scorecards.models import ReportKind, ReportStatus
from scorecards.reports import Subject

from .conftest import pdf_pages, pdf_text
from .panel_data import scored_interview_create

pytestmark = pytest.mark.django_db


def test_it_prints_every_frozen_question_rating_and_note(render_now, recruiter, scored_interview):
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    assert report.status == ReportStatus.READY, report.error
    data = report.file.read()
    text = pdf_text(data)

    assert "Grace Hopper" in text
    pages = pdf_pages(data)
    # Marked once per page, in the running header, not again in the page or its footer.
    assert [page.text.upper().count("CONFIDENTIAL") for page in pages] == [1] * len(pages)
    assert report.rendered_fingerprint[:12] in text
    for question in scored_interview.questions.all():
        assert f"Question {question.position}: how does select_related" in text
    labels = rating_labels()
    for scorecard in scored_interview.scorecards.all():
        assert scorecard.summary in text
        for answer in scorecard.answers.exclude(notes=""):
            assert f"{answer.rating} · {labels[answer.rating]} {answer.notes}" in text


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
    pages = pdf_pages(report.file.read())
    text = " ".join(page.text for page in pages)
    assert "Interview 1 of 2" in text and "Interview 2 of 2" in text
    # Both interviews' verdicts open the report, each panel's recommendations with them.
    first = pages[0].body_text
    assert "Interview 1 of 2: recommendations" in first
    assert "Interview 2 of 2: recommendations" in first
    assert "2 of 2 panelists for hiring, 0 against" in first
    assert "1 of 1 panelist for hiring, 0 against" in first


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


def test_it_opens_with_the_verdict_and_who_recommended_what(
    render_now, recruiter, lead, second_panelist, panelist
):
    interview = scored_interview_create(
        panelists=[lead, second_panelist, panelist], submitted=[lead, second_panelist], questions=12
    )
    report = render_now(
        user=recruiter, subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
    )
    pages = pdf_pages(report.file.read())
    first = pages[0].body_text

    assert len(pages) > 2
    assert "2 of 2 panelists for hiring, 0 against" in first
    assert f"not submitted yet: {panelist.get_full_name()}" in first
    for scorecard in interview.scorecards.select_related("panelist"):
        name = scorecard.panelist.get_full_name()
        assert f"{scorecard.get_recommendation_display()} {scorecard.summary}" in first
        assert name in first[: first.index(scorecard.summary)]
    # The verdict comes before the chart and the questions.
    assert first.index("panelists for hiring") < first.index("Ratings by category")
    assert first.index(interview.scorecards.last().summary) < first.index("Questions Q1")


def test_it_counts_a_single_rating_in_the_singular(render_now, recruiter, lead, panelist):
    interview = scored_interview_create(panelists=[lead, panelist], submitted=[lead], questions=3)
    report = render_now(
        user=recruiter, subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
    )
    text = pdf_text(report.file.read())

    assert "· 1 rating " in text
    assert "1 ratings" not in text
    assert "1 of 1 panelist for hiring" in text


def test_it_prints_a_long_category_name_whole_in_the_chart(render_now, recruiter, scored_interview):
    name = "Caching, performance optimisation and database query tuning at scale"
    InterviewQuestion.objects.filter(interview=scored_interview, position=1).update(
        category_name=name
    )
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    text = pdf_text(report.file.read())

    # The chart's label (wrapped over lines) followed by the category's mean rating.
    assert re.search(re.escape(name) + r" \d\.\d\d", text)
    assert "…" not in text


def test_it_fills_its_pages_when_nobody_has_submitted_yet(render_now, recruiter, lead, panelist):
    interview = scored_interview_create(panelists=[lead, panelist], submitted=[], questions=6)
    report = render_now(
        user=recruiter, subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
    )
    pages = pdf_pages(report.file.read())

    assert "No panelist has submitted a scorecard yet." in pages[0].body_text
    assert len(pages) > 1
    for number, page in enumerate(pages[:-1], start=1):
        assert page.filled > 2 / 3, f"page {number} of {len(pages)} is {page.filled:.0%} full"
