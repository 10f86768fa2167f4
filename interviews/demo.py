"""Demo accounts for every role, for local development only (see the README)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .roles import Role, roles_sync

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
