"""Panel's roles as Django groups, and the permissions each group carries.

Questionbank permissions decide who reads and edits the bank; interviews permissions decide
who runs hiring. Being a panelist or a position's hiring manager is a relationship, checked in
interviews.policies, on top of the group. The permissions are named by their dotted strings, so
this module imports no other Panel app.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    # "Editors" is the group Wagtail's initial data creates; the bank's moderation task is
    # assigned to it too (questionbank.services.question_moderation_ensure).
    EDITOR = "Editors", _("Editor")
    RECRUITER = "Recruiters", _("Recruiter")
    INTERVIEWER = "Interviewers", _("Interviewer")
    HIRING_MANAGER = "Hiring managers", _("Hiring manager")


_BANK_EDIT = [
    "questionbank.view_question",
    "questionbank.add_question",
    "questionbank.change_question",
    "questionbank.delete_question",
    "questionbank.publish_question",
    "questionbank.lock_question",
    "questionbank.unlock_question",
    "questionbank.view_category",
    "questionbank.add_category",
    "questionbank.change_category",
    "questionbank.delete_category",
    "wagtailadmin.access_admin",
]
_HIRING = [
    "interviews.view_position",
    "interviews.add_position",
    "interviews.change_position",
    "interviews.view_candidate",
    "interviews.add_candidate",
    "interviews.change_candidate",
    "interviews.view_interviewplan",
    "interviews.add_interviewplan",
    "interviews.change_interviewplan",
    "interviews.view_interview",
    "interviews.add_interview",
    "interviews.change_interview",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITOR: _BANK_EDIT,
    Role.RECRUITER: ["questionbank.view_question", "questionbank.view_category", *_HIRING],
    Role.INTERVIEWER: ["questionbank.view_question", "questionbank.view_category"],
    Role.HIRING_MANAGER: ["questionbank.view_question", "questionbank.view_category"],
}


def roles_sync() -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    Wagtail's own migrations create an "Editors" group with rights on pages, images and
    documents, which Panel does not use: they are taken away here.
    """
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def roles_sync_after_migrate(sender, **kwargs) -> None:
    from .apps import is_final_post_migrate

    if is_final_post_migrate(sender):
        roles_sync()


def user_roles(user) -> set[str]:
    """The Role values of a signed-in user (superusers hold every role)."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role.values)
    if not hasattr(user, "_panel_roles"):
        user._panel_roles = set(user.groups.values_list("name", flat=True)) & set(Role.values)
    return user._panel_roles


def has_role(user, role: Role) -> bool:
    return role in user_roles(user)
