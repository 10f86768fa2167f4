"""Signs in as every role and requests every URL the project routes, with real demo ids.

None may answer 500. Wagtail's own admin URLs are requested for the roles that can reach the
admin and for one that cannot; everything else of ours is requested for every role.
"""

import re

import pytest
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from interviews import demo
from interviews.models import Interview, InterviewStatus
from scorecards.demo import demo_decision_create, demo_scored_interview_create
from scorecards.models import ReportKind
from scorecards.reports import Subject, report_request

# The demo site is set up before each test's own transaction (see module_db).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("demo_site")]

ROLE_EMAILS = {
    "anonymous": None,
    "admin": "admin@panel.test",
    "editor": "editor@panel.test",
    "recruiter": "recruiter@panel.test",
    "lead": "lead@panel.test",
    "panelist": "panelist@panel.test",
    "manager": "manager@panel.test",
}
ADMIN_ROLES = {"admin", "editor", "panelist"}
# Logout would end the session; Wagtail's failwhale page raises on purpose to test error mail.
SKIP = re.compile(r"^(accounts/logout/|admin/logout/|admin/failwhale/)")


def _walk(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            nested = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), nested)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), (namespace, entry.name)


def _demo_ids() -> dict[str, list[int]]:
    from django.apps import apps

    ids = {}
    for label in [
        "interviews.Interview",
        "interviews.Candidate",
        "interviews.Position",
        "interviews.InterviewPlan",
        "interviews.InterviewQuestion",
        "questionbank.Question",
        "questionbank.Category",
        "scorecards.Scorecard",
        "scorecards.Report",
    ]:
        model = apps.get_model(label)
        ids[model._meta.model_name] = list(
            model.objects.order_by("pk").values_list("pk", flat=True)
        )
    return ids


def _value_for(kwarg: str, url_name: str, ids: dict[str, list[int]]) -> int:
    hint = kwarg.removesuffix("_id").replace("_", "")
    if hint in ("pk", "id"):
        hint = next((model for model in ids if model in url_name.replace("_", "")), "question")
    for model, model_ids in ids.items():
        if hint == model or model.startswith(hint) or hint.startswith(model):
            return model_ids[0] if model_ids else 1
    return 1


def _fill(route: str, url_name: str, ids: dict[str, list[int]]) -> str:
    """Replace every path parameter with a real id (or a placeholder for text parameters)."""

    def typed(match):
        converter, kwarg = match.group(1), match.group(2)
        if converter in (None, "int") or kwarg.endswith("id") or kwarg == "pk":
            return str(_value_for(kwarg, url_name, ids))
        return "x"

    url = re.sub(r"<(?:(\w+):)?(\w+)>", typed, route)
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(_value_for(m.group(1), url_name, ids)), url)


def _concrete_urls(ids) -> list[tuple[str, bool]]:
    urls = []
    for pattern, (namespace, name) in _walk(get_resolver().url_patterns):
        route = pattern.replace("^", "").replace("$", "").replace("\\Z", "")
        if SKIP.match(route):
            continue
        url = _fill(route, f"{namespace}{name or ''}", ids)
        if any(char in url for char in "([\\?*+"):
            continue
        urls.append(("/" + url, route.startswith("admin/")))
    return sorted(set(urls))


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("every-url") / "media"


@pytest.fixture(autouse=True)
def _media_root(settings, demo_media):
    """Every role walks the same demo site, whose report PDF lives in the module's media."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module")
def demo_site(module_db, demo_media):
    """The demo site, built once for every role's walk (each walk rolls back its own writes)."""
    with override_settings(MEDIA_ROOT=demo_media):
        call_command("import_questions", "questionbank/seeds/django-interview-questions.md")
        demo.demo_accounts_create()
        demo.demo_hiring_data_create()
        demo_scored_interview_create()
        demo_decision_create()
        interview = Interview.objects.get(status=InterviewStatus.COMPLETED)
        with TestCase.captureOnCommitCallbacks(execute=True):
            report_request(
                user=interview.created_by,
                subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
            )
    ids = _demo_ids()
    assert ids["interview"] and ids["scorecard"] and ids["report"], "demo data gives real ids"
    return ids


@pytest.mark.parametrize("role", ROLE_EMAILS)
def test_it_answers_every_routed_url_without_a_server_error(client, demo_site, role):
    from django.contrib.auth import get_user_model

    if ROLE_EMAILS[role]:
        client.force_login(get_user_model().objects.get(email=ROLE_EMAILS[role]))
    failures, answered = [], 0
    for url, is_admin in _concrete_urls(demo_site):
        if is_admin and role not in ADMIN_ROLES:
            continue
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{url} -> {response.status_code}")
        answered += response.status_code == 200
    assert not failures, "\n".join(failures)
    assert answered >= 3, "the walk reached almost nothing: the URL filling is broken"
