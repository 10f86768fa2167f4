"""Who may read and change the question bank (candidates have no accounts: no anonymous access)."""


def can_browse_bank(user) -> bool:
    return user.is_authenticated and user.has_perm("questionbank.view_question")


def can_edit_bank(user) -> bool:
    return user.is_authenticated and user.has_perm("questionbank.change_question")
