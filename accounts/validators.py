"""Text rules shared by every app (accounts is the lowest app, so all may import from here).

A single-line field (a name, a title, a label) may end up in an e-mail header, a calendar
summary or a file name, where a line break starts a new header: it holds no control character
and no line or paragraph separator.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Cc (C0, DEL, C1) plus the Unicode line and paragraph separators.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def validate_single_line(value: str) -> None:
    """Refuse line breaks, tabs, NUL and every other control character."""
    if _NOT_ONE_LINE.search(value or ""):
        raise ValidationError(
            _("Keep this to one line of text, without line breaks, tabs or control characters."),
            code="single_line",
        )


def one_line(value: str) -> str:
    """The text with every control character or line separator replaced by a space (for
    headers, whatever was stored before the rule existed)."""
    return " ".join(_NOT_ONE_LINE.sub(" ", value).split())
