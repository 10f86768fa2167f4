"""Every page, for every role, fits a phone (390 px) and a tablet (768 px) without horizontal
scrolling; the top bar stays on one line on a tablet; rating options are large enough to tap.

The pages come from the URLconf, as in test_every_url, so a new page is covered the day it is
routed; each role visits what it may open (200 and a whole HTML document: redirects, 403/404,
htmx partials and downloads are skipped). Data is built once so that pages have content: a
scheduled, a live, a completed and a late interview, a plan, a rendered report, the bank.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from interviews.models import InterviewStatus
from questionbank.models import Category, Question
from scorecards import services
from scorecards.decisions import decision_record
from scorecards.models import ReportKind
from scorecards.reports import Subject, report_request
from tests.browser import signed_in_page
from tests.factories import CandidateFactory, InterviewFactory, PlanFactory, PositionFactory
from tests.scorecards.conftest import submit_scorecard
from tests.test_every_url import SKIP, _fill, _walk

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]

SEED = Path(__file__).resolve().parents[1] / "questionbank/seeds/django-interview-questions.md"
WIDTHS = (390, 768)
PERSONAS = ["anonymous", "recruiter", "lead", "panelist", "hiring_manager", "editor", "admin_user"]
# The Wagtail admin is requested by those who work in it (for the others it redirects); the
# administrator checks only the admin views the editor cannot open (users, groups, ...).
ADMIN_PERSONAS = {"editor", "admin_user"}
TOPBAR_ONE_LINE_PX = 72

MEASURE = """() => {
  const root = document.documentElement;
  const bar = document.querySelector(".topbar");
  const options = Array.from(document.querySelectorAll(".rating-option"))
    .filter((el) => el.offsetParent !== null)
    .map((el) => el.getBoundingClientRect().height);
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    topbar: bar ? bar.getBoundingClientRect().height : 0,
    smallestOption: options.length ? Math.min(...options) : null,
  };
}"""


def _wagtail_initial_data() -> None:
    """The locale, root page and site that Wagtail's migrations create (the admin's page
    chooser needs them): an earlier transactional test's flush may have removed them. A
    serialized rollback cannot bring them back, as post_migrate has recreated the role groups."""
    from wagtail.models import Locale, Page, Site

    if Page.objects.exists():
        return
    Locale.objects.get_or_create(language_code="en")
    root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture
def site_with_content(
    recruiter, lead, panelist, hiring_manager, django_capture_on_commit_callbacks
):
    """Every kind of object a page can show, with long names, e-mails and URLs."""
    _wagtail_initial_data()
    call_command("import_questions", str(SEED), verbosity=0)
    # Names as long as the import allows, in the badges and chips that show them.
    Category.objects.filter(number=1).update(
        name="Django Basics — select_related'); DROP TABLE questionbank_question; -- "
        "and_a_very_long_unbroken_word_for_phones"
    )
    bank = list(Question.objects.live().order_by("category__number", "sort_order"))
    bank[0].tags.add("prefetch_related_and_select_related_everywhere_in_the_codebase_tag")
    position = PositionFactory(
        title="Senior Django engineer, Platform & Payments", hiring_managers=[hiring_manager]
    )
    candidate = CandidateFactory(
        full_name="Maximiliane Okafor-Lindqvist",
        email="maximiliane.okafor-lindqvist@recruiting.example.com",
        position=position,
        notes="Referred by the payments team.\nPrefers mornings.",
    )
    plan = PlanFactory(
        name="Django backend — senior, with a security deep-dive",
        sections=[(category, 2) for category in Category.objects.order_by("number")[:3]],
    )
    location = "https://meet.example.com/panel-interview-room-0123456789abcdefghijklmnop"
    scheduled = InterviewFactory(
        candidate=candidate,
        plan=plan,
        panel=[lead, panelist],
        questions=bank[:6],
        location=location,
    )
    live = InterviewFactory(
        candidate=CandidateFactory(position=position),
        plan=plan,
        panel=[lead, panelist],
        questions=bank[6:12],
        status=InterviewStatus.LIVE,
    )
    scorecard = services.scorecard_open(interview=live, panelist=panelist)
    first = live.questions.order_by("position").first()
    services.answer_save(
        scorecard=scorecard,
        question=first,
        rating=3,
        not_asked=False,
        notes="Clear on the request cycle; https://docs.djangoproject.com/en/5.2/ref/request-response/",
        expected_version=0,
        by=panelist,
    )
    completed = InterviewFactory(
        candidate=candidate,
        plan=plan,
        panel=[lead, panelist],
        questions=bank[12:18],
        status=InterviewStatus.LIVE,
        scheduled_at=timezone.now() - timedelta(days=1),
    )
    submit_scorecard(interview=completed, user=lead, recommendation="yes")
    submit_scorecard(interview=completed, user=panelist, recommendation="no")
    decision_record(
        interview=completed,
        by=hiring_manager,
        outcome="advance",
        rationale="Advance to the system-design round; see "
        "https://wiki.example.com/hiring/decisions/maximiliane-okafor-lindqvist-2026",
    )
    late = InterviewFactory(
        candidate=CandidateFactory(position=position),
        plan=plan,
        panel=[lead, panelist],
        questions=bank[18:21],
        status=InterviewStatus.COMPLETED,
        scheduled_at=timezone.now() - timedelta(hours=6),
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            user=recruiter,
            subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=completed),
        )
    interviews = [scheduled, live, completed, late]
    ids = {
        # Order matters: _fill takes the first model whose name is in the URL's name.
        "plan": [plan.pk],
        "candidate": [candidate.pk],
        "position": [position.pk],
        "report": [report.pk],
        "scorecard": [scorecard.pk],
        "item": [scheduled.questions.order_by("position").first().pk],
        "interview": [scheduled.pk],
        "question": [bank[0].pk],
        "category": [bank[0].category_id],
    }
    return ids, interviews


def _pages(ids, interviews) -> list[str]:
    """Every routed GET-able URL, once per interview where the URL names one."""
    urls = set()
    for pattern, (namespace, name) in _walk(get_resolver().url_patterns):
        route = pattern.replace("^", "").replace("$", "").replace("\\Z", "")
        if SKIP.match(route):
            continue
        for interview in interviews:
            variant = {**ids, "interview": [interview.pk]}
            url = "/" + _fill(route, f"{namespace}{name or ''}", variant)
            if not any(char in url for char in "([\\?*+"):
                urls.add(url)
    return sorted(urls)


def _is_page(client, url: str) -> bool:
    """A whole HTML document answered 200. Asked in-process first: files, 405s and redirects
    need no browser, and would disturb the tab."""
    response = client.get(url)
    return (
        response.status_code == 200
        and "text/html" in response.get("Content-Type", "")
        and not response.streaming
        and response.content.lstrip()[:15].lower().startswith(b"<!doctype")
    )


def _check_page(page, client, base: str, url: str, failures: list[str]) -> bool:
    if not _is_page(client, url):
        return False
    page.goto(base + url)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        seen = page.evaluate(MEASURE)
        if seen["scrollWidth"] > seen["clientWidth"]:
            failures.append(f"{url} at {width} px is {seen['scrollWidth']} px wide")
        if width == 768 and not url.startswith("/admin/") and seen["topbar"] > TOPBAR_ONE_LINE_PX:
            failures.append(f"{url} at 768 px: the top bar wraps ({seen['topbar']:.0f} px high)")
        if seen["smallestOption"] is not None and seen["smallestOption"] < 44:
            failures.append(
                f"{url} at {width} px: a rating option is {seen['smallestOption']:.0f} px high"
            )
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return True


def test_it_fits_every_page_on_a_phone_and_a_tablet_for_every_role(
    browser, live_server, request, site_with_content
):
    ids, interviews = site_with_content
    scheduled, live, completed, late = interviews
    urls = _pages(ids, interviews)
    failures: list[str] = []
    checked: dict[str, set[str]] = {}
    for persona in PERSONAS:
        client = Client()
        if persona == "anonymous":
            context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
            page = context.new_page()
        else:
            user = request.getfixturevalue(persona)
            client.force_login(user)
            page = signed_in_page(
                browser, live_server, user, viewport={"width": 390, "height": 900}
            )
        page.set_default_timeout(15000)
        checked[persona] = set()
        for url in urls:
            if url.startswith("/admin/") and (
                persona not in ADMIN_PERSONAS or url in checked.get("editor", ())
            ):
                continue  # Wagtail's own views: once each, by whoever opens them first
            if _check_page(page, client, live_server.url, url, failures):
                checked[persona].add(url)
        page.context.close()

    assert not failures, "\n".join(failures)
    # The walk reached the pages that matter for each role (so it cannot pass by skipping).
    must = {
        "anonymous": {"/accounts/login/", "/accounts/password/reset/"},
        "recruiter": {
            "/dashboard/",
            f"/plans/{ids['plan'][0]}/",
            f"/candidates/{ids['candidate'][0]}/",
            f"/interviews/{scheduled.pk}/",
            f"/scoring/{completed.pk}/summary/",
            f"/scoring/{completed.pk}/decision/",
            f"/scoring/{late.pk}/close-feedback/",
            f"/reports/{ids['report'][0]}/",
            "/scoring/late/",
            "/interviews/new/",
            "/positions/",
            "/analytics/calibration/",
        },
        "lead": {
            f"/scoring/{live.pk}/",
            f"/scoring/{scheduled.pk}/",
            "/interviews/mine/",
            "/analytics/calibration/",
        },
        "panelist": {
            f"/scoring/{live.pk}/",
            f"/scoring/{live.pk}/submit/",
            f"/scoring/{completed.pk}/summary/",
            f"/bank/questions/{ids['question'][0]}/",
            "/preferences/",
            "/accounts/password/change/",
            "/accounts/2fa/",
        },
        "hiring_manager": {
            "/candidates/",
            f"/candidates/{ids['candidate'][0]}/",
            f"/interviews/{completed.pk}/",
            f"/scoring/{completed.pk}/decision/",
            "/bank/",
        },
        "editor": {
            "/bank/",
            "/admin/",
            "/admin/snippets/questionbank/question/",
            f"/analytics/questions/{ids['question'][0]}/",
            "/admin/reports/questions-to-review/",
        },
        "admin_user": {"/dashboard/", "/admin/users/", f"/scoring/{late.pk}/summary/"},
    }
    for persona, wanted in must.items():
        missing = wanted - checked[persona]
        assert not missing, f"{persona} never checked {sorted(missing)}"
