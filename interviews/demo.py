"""Demo accounts for every role, for local development only (see the README)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import Role, roles_sync

DEMO_PASSWORD = "panel-demo-2026"

# (email, first name, last name, roles, superuser)
DEMO_ACCOUNTS: list[tuple[str, str, str, list[str], bool]] = [
    ("admin@panel.test", "Ada", "Admin", [], True),
    ("editor@panel.test", "Edith", "Editor", [Role.EDITOR], False),
    ("recruiter@panel.test", "Rita", "Recruiter", [Role.RECRUITER], False),
    ("lead@panel.test", "Leo", "Lead", [Role.INTERVIEWER], False),
    ("panelist@panel.test", "Pia", "Panelist", [Role.INTERVIEWER], False),
    ("panelist2@panel.test", "Paul", "Panelist", [Role.INTERVIEWER], False),
    ("manager@panel.test", "Hana", "Manager", [Role.HIRING_MANAGER], False),
]


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str]]:
    """Create or reset the demo accounts; returns (email, roles) rows. Idempotent."""
    from allauth.account.models import EmailAddress

    roles_sync()
    User = get_user_model()
    rows = []
    for email, first, last, roles, superuser in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            username=email.split("@")[0], defaults={"email": email}
        )
        user.email, user.first_name, user.last_name = email, first, last
        user.is_superuser = user.is_staff = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        rows.append((email, ", ".join(roles) or "administrator"))
    return rows


DEMO_PLAN_NAME = "Django backend — mid"


@transaction.atomic
def demo_hiring_data_create() -> list[str]:
    """Positions, candidates, a plan and two interviews for the demo accounts. Idempotent.

    Needs the demo accounts and a bank with at least three categories of published questions;
    returns what it created or found, one line each.
    """
    from datetime import timedelta

    from django.utils import timezone

    from questionbank.models import Category, Question

    from .models import Candidate, Interview, InterviewPlan, InterviewStatus, Position
    from .plans import SectionSpec, plan_save
    from .scheduling import interview_schedule
    from .transitions import interview_start

    User = get_user_model()
    users = {user.email: user for user in User.objects.filter(email__endswith="@panel.test")}
    recruiter = users["recruiter@panel.test"]
    backend, _c = Position.objects.get_or_create(
        title="Senior Django engineer", defaults={"team": "Platform"}
    )
    backend.hiring_managers.add(users["manager@panel.test"])
    frontend, _c = Position.objects.get_or_create(
        title="Full-stack developer", defaults={"team": "Product"}
    )
    people = [
        ("Maya Okafor", "maya.okafor@example.com", backend),
        ("Tomás Lindqvist", "tomas.lindqvist@example.com", backend),
        ("Priya Raman", "priya.raman@example.com", frontend),
    ]
    candidates = [
        Candidate.objects.get_or_create(
            email=email, position=position, defaults={"full_name": name, "created_by": recruiter}
        )[0]
        for name, email, position in people
    ]
    plan = InterviewPlan.objects.filter(name=DEMO_PLAN_NAME).first()
    if plan is None:
        categories = [
            category
            for category in Category.objects.order_by("number")
            if Question.objects.live().filter(category=category).count() >= 2
        ][:3]
        plan = InterviewPlan(name=DEMO_PLAN_NAME, position=backend)
        plan_save(
            plan=plan,
            sections=[
                SectionSpec(category_id=c.pk, count=2, minutes=15, category_name=c.name)
                for c in categories
            ],
            pin_ids=[],
            by=recruiter,
        )
    panel = [users["lead@panel.test"], users["panelist@panel.test"], users["panelist2@panel.test"]]
    now = timezone.now()
    if not Interview.objects.filter(candidate=candidates[0]).exists():
        interview_schedule(
            candidate=candidates[0],
            plan=plan,
            scheduled_at=(now + timedelta(days=1)).replace(minute=0, second=0, microsecond=0),
            duration=60,
            location="https://meet.example.com/panel-demo",
            panel=panel,
            lead=panel[0],
            by=recruiter,
        )
    if not Interview.objects.filter(candidate=candidates[1]).exists():
        # Scheduled a minute ahead (the past is refused), then started: live today.
        live = interview_schedule(
            candidate=candidates[1],
            plan=plan,
            scheduled_at=now + timedelta(minutes=1),
            duration=60,
            location="Room 2.14",
            panel=panel,
            lead=panel[0],
            by=recruiter,
        )
        interview_start(interview=live, by=panel[0])
    return [
        f"{Position.objects.count()} positions, {Candidate.objects.count()} candidates",
        f"plan “{plan.name}” with {plan.sections.count()} sections",
        f"{Interview.objects.filter(status=InterviewStatus.SCHEDULED).count()} scheduled, "
        f"{Interview.objects.filter(status=InterviewStatus.LIVE).count()} live interviews",
    ]
