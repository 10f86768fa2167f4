"""What the hiring pages share: reading the request (ids, one-line text), the recruiter check
and the status of a form sent back with errors."""

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError

from accounts.fields import parse_id
from accounts.validators import one_line

from . import policies


def text_param(request, name: str, *, limit: int) -> str:
    """Free text from the query string: one line (no NUL, which PostgreSQL refuses), bounded."""
    return one_line(request.GET.get(name, ""))[:limit]


def form_status(form) -> int:
    """A form sent back with errors is a 422 (the page shows what to fix); else 200."""
    return 422 if form.is_bound and form.errors else 200


def require_recruiter(user) -> None:
    if not policies.can_manage_hiring(user):
        raise PermissionDenied


def id_param(data, name: str) -> int | None:
    """An object id from the query string or a form: None when absent; a malformed one is a
    400 with its message (BadRequestMessageMiddleware shows it)."""
    value = data.get(name, "")
    if value == "":
        return None
    try:
        return parse_id(value)
    except ValidationError as error:
        raise BadRequest(error.messages[0]) from None
