"""Benchmark: the analytics pages over 10,000 completed interviews x 4 panelists x 10 questions.

Builds a throw-away PostgreSQL database beside DATABASE_URL (bank_setup.database_prepare) with
a 200-question bank, 24 interviewers and BENCH_INTERVIEWS completed interviews (default
10,000), each with four submitted scorecards rating ten frozen questions (400,000 answers), and
a decision for most candidates. The bulk rows are written by INSERT ... SELECT in the database,
so building takes about a minute.

Then requests each page BENCH_ROUNDS times through Django's test client and prints the median
and p95 latency and the SQL queries per request (which must not depend on the data size):
the calibration page (a recruiter: every interviewer; an interviewer: their own), a question's
figures page, the question's Effectiveness tab in the Wagtail admin (the whole edit view), and
the "Questions to review" report with its CSV export.

Run from the repository root: ``DATABASE_URL=postgres://... .venv/bin/python bench/analytics.py``.
"""

import os
import statistics
import time

os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from bank_setup import database_prepare  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
INTERVIEWS = int(os.environ.get("BENCH_INTERVIEWS", "10000"))
QUESTIONS = 200
PANEL = 4
PER_INTERVIEW = 10


def data_create():
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from accounts.roles import Role, roles_sync
    from interviews.models import Candidate, Interview, InterviewStatus, PanelSeat, Position
    from questionbank.models import Category, Question
    from scorecards.models import Decision

    roles_sync()
    User = get_user_model()

    def person(name, role):
        user = User.objects.create(
            username=name, email=f"{name}@bench.test", first_name=name.title()
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    recruiter = person("recruiter", Role.RECRUITER)
    editor = person("editor", Role.EDITOR)
    interviewers = [person(f"interviewer{n:02d}", Role.INTERVIEWER) for n in range(24)]
    categories = Category.objects.bulk_create(
        Category(name=f"Category {n}", slug=f"category-{n}", number=n) for n in range(10)
    )
    Question.objects.bulk_create(
        Question(
            key=f"q{n:03d}",
            category=categories[n % 10],
            prompt=f"<p>Bench question {n}: explain thing {n}.</p>",
            live=True,
        )
        for n in range(QUESTIONS)
    )
    position = Position.objects.create(title="Bench position")
    candidates = Candidate.objects.bulk_create(
        (
            Candidate(full_name=f"Candidate {n}", email=f"c{n}@bench.test", position=position)
            for n in range(INTERVIEWS)
        ),
        batch_size=5000,
    )
    now = timezone.now()
    interviews = Interview.objects.bulk_create(
        (
            Interview(
                candidate=candidate,
                scheduled_at=now - timedelta(hours=6 + n),
                ends_at=now - timedelta(hours=5 + n),
                status=InterviewStatus.COMPLETED,
                seed=n,
            )
            for n, candidate in enumerate(candidates)
        ),
        batch_size=5000,
    )
    PanelSeat.objects.bulk_create(
        (
            PanelSeat(
                interview=interview,
                user=interviewers[(n * 5 + k * 7) % len(interviewers)],
                is_lead=k == 0,
            )
            for n, interview in enumerate(interviews)
            for k in range(PANEL)
        ),
        batch_size=10000,
    )
    first_question = Question.objects.order_by("pk").first().pk
    with connection.cursor() as cursor:
        # Ten frozen questions per interview, drawn from the bank by a fixed stride.
        cursor.execute(
            """
            INSERT INTO interviews_interviewquestion (interview_id, position, source_question_id,
                source_key, category_name, section_label, difficulty, prompt, expected_minutes,
                guide_1, guide_2, guide_3, guide_4, follow_ups, key_points, frozen_at)
            SELECT i.id, g.n, %s + ((i.id * 7 + g.n * 13) %% %s), '', 'Bench', '', 'mid',
                '<p>Frozen</p>', 5, '', '', '', '', '', '', i.scheduled_at
            FROM interviews_interview i CROSS JOIN generate_series(1, %s) AS g(n)
            """,
            [first_question, QUESTIONS, PER_INTERVIEW],
        )
        cursor.execute(
            """
            INSERT INTO scorecards_scorecard (interview_id, panelist_id, status, recommendation,
                summary, summary_version, submitted_at, updated_at)
            SELECT s.interview_id, s.user_id, 'submitted',
                (ARRAY['strong_no', 'no', 'yes', 'strong_yes'])[1 + (s.id * 31 %% 4)], '', 0,
                i.ends_at, i.ends_at
            FROM interviews_panelseat s JOIN interviews_interview i ON i.id = s.interview_id
            """,
            [],
        )
        # A rating per answer: the interview's level, the panelist's leniency, some noise;
        # about 3 % not asked. Rows carry the time they were scored, as history does.
        cursor.execute(
            """
            INSERT INTO scorecards_answer (scorecard_id, question_id, rating, not_asked, notes,
                version, updated_at)
            SELECT scorecard_id, question_id, CASE WHEN roll < 0.03 THEN NULL ELSE
                    LEAST(4, GREATEST(1, ROUND(level + lenient + (roll - 0.5) * 2)))::int END,
                roll < 0.03, '', 0, saved_at
            FROM (
                SELECT s.id AS scorecard_id, q.id AS question_id, s.updated_at AS saved_at,
                    1 + (s.interview_id %% 4) AS level,
                    ((s.panelist_id %% 3) - 1) * 0.5 AS lenient,
                    random() AS roll
                FROM scorecards_scorecard s
                JOIN interviews_interviewquestion q ON q.interview_id = s.interview_id) rated
            """,
            [],
        )
    Decision.objects.bulk_create(
        (
            Decision(
                candidate_id=interview.candidate_id,
                interview=interview,
                outcome=["advance", "reject", "hold"][n % 3],
                rationale="Bench",
                decided_by=recruiter,
            )
            for n, interview in enumerate(interviews)
            if n % 5
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have, after bulk loading
    return recruiter, editor, interviewers[0], first_question


def measure(client, label: str, urls: list[str], streaming: bool = False) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(urls[0])  # warm templates and the connection
    timings, queries = [], set()
    for n in range(ROUNDS):
        url = urls[n % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if streaming:
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
    report(label, timings, queries)


def aggregates_time() -> None:
    """The aggregates' upkeep: computing every interview (after bulk loading, as a deploy runs
    ``manage.py analytics_refresh``), one interview (what a submit adds to its transaction),
    and a page's catch-up after rows were changed behind the services' back."""
    from django.db import connection, transaction
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from analytics.aggregates import aggregates_catch_up, aggregates_rebuild, aggregates_refresh
    from scorecards.models import Answer, Scorecard

    started = time.perf_counter()
    aggregates_rebuild()
    print(f"{'aggregates of every interview computed':<46} {time.perf_counter() - started:.1f} s")
    interview_ids = list(
        Scorecard.objects.order_by("interview_id")
        .values_list("interview_id", flat=True)
        .distinct()[:ROUNDS]
    )

    def timed(call) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            return (time.perf_counter() - started) * 1000, len(captured)

    def refresh_in_a_transaction(interview_id: int) -> None:
        with transaction.atomic():
            aggregates_refresh([interview_id])

    runs = [timed(lambda pk=pk: refresh_in_a_transaction(pk)) for pk in interview_ids]
    report("one interview refreshed (in a submit)", *zip(*runs, strict=True))
    runs = []
    for interview_id in interview_ids:
        Answer.objects.filter(scorecard__interview_id=interview_id, rating__isnull=False).update(
            rating=5 - F("rating"), updated_at=timezone.now()
        )
        runs.append(timed(aggregates_catch_up))
    report("catch-up after an answer changed by hand", *zip(*runs, strict=True))
    runs = [timed(aggregates_catch_up) for _ in interview_ids]
    report("catch-up, nothing changed", *zip(*runs, strict=True))


def report(label: str, timings, queries) -> None:
    timings = sorted(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"{label:<46} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   "
        f"queries {sorted(set(queries))}"
    )


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/analytics.py builds its rows with PostgreSQL's generate_series")
    described = database_prepare()
    from django.test import Client

    started = time.perf_counter()
    recruiter, editor, interviewer, first_question = data_create()
    from scorecards.models import Answer

    print(f"Database: {described}")
    print(
        f"Built {INTERVIEWS:,} completed interviews x {PANEL} panelists x {PER_INTERVIEW} "
        f"questions ({Answer.objects.count():,} answers, {QUESTIONS} bank questions) in "
        f"{time.perf_counter() - started:.0f} s; {ROUNDS} requests per page"
    )
    aggregates_time()
    questions = [first_question + n * 17 for n in range(5)]
    as_recruiter, as_interviewer, as_editor = Client(), Client(), Client()
    as_recruiter.force_login(recruiter)
    as_interviewer.force_login(interviewer)
    as_editor.force_login(editor)
    measure(
        as_recruiter,
        "calibration, recruiter (24 interviewers)",
        ["/analytics/calibration/?period=all", "/analytics/calibration/?period=365"],
    )
    measure(
        as_interviewer,
        "calibration, an interviewer's own",
        ["/analytics/calibration/?period=all", f"/analytics/calibration/{interviewer.pk}/"],
    )
    measure(as_editor, "question figures page", [f"/analytics/questions/{q}/" for q in questions])
    measure(
        as_editor,
        "admin question edit view with the tab",
        [f"/admin/snippets/questionbank/question/edit/{q}/" for q in questions],
    )
    measure(as_editor, "admin report: questions to review", ["/admin/reports/questions-to-review/"])
    measure(
        as_editor,
        "admin report: CSV export",
        ["/admin/reports/questions-to-review/?export=csv"],
        streaming=True,
    )


if __name__ == "__main__":
    main()
