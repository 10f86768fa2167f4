"""Puts the user's roles into every template so navigation shows only what they may open."""

from .roles import Role, user_roles


def roles(request):
    held = user_roles(request.user) if hasattr(request, "user") else set()
    return {
        "is_editor": Role.EDITOR in held,
        "is_recruiter": Role.RECRUITER in held,
        "is_interviewer": Role.INTERVIEWER in held,
        "is_hiring_manager": Role.HIRING_MANAGER in held,
    }
