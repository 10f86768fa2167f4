"""Form fields that pick objects, and people, by id: posted ids are checked before any query."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .people import display_name

# Every table's primary key is a BigAutoField: ids are 1 .. 2**63 - 1, written in ASCII digits.
MAX_ID = 2**63 - 1
_ID_RE = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int:
    """An object id from request text, or ValidationError (a 25-digit number overflowed
    SQLite's integers in a query and answered 500)."""
    text = str(value).strip()
    if _ID_RE.fullmatch(text) and 0 < int(text) <= MAX_ID:
        return int(text)
    raise ValidationError(_("“%(value)s” is not an id.") % {"value": text[:24]}, code="bad_id")


class IdsChecked:
    """A model choice field that refuses what cannot be an id before it queries: past 64 bits
    an "IN (…)" overflowed on SQLite, and int() reads non-ASCII digits ("١" is 1)."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        for pk in values:
            if pk in self.empty_values:
                continue
            try:
                parse_id(pk)
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(pk)[:24]},
                ) from None
        return super().clean(value)


class IdChoiceField(IdsChecked, forms.ModelChoiceField):
    pass


class IdMultipleChoiceField(IdsChecked, forms.ModelMultipleChoiceField):
    pass


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class PeopleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)
