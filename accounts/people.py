"""How Panel names a person: on pages, in pickers, e-mails, calendar invites and PDF reports."""


def display_name(user) -> str:
    """The person's full name; else their e-mail address; else their username."""
    return user.get_full_name() or user.email or user.username
