"""Forms of the hiring pages; business rules stay in services, these only parse and check input."""

import re
import zoneinfo
from datetime import UTC, timedelta
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from questionbank.models import Category, Difficulty
from questionbank.validators import validate_single_line

from .models import Candidate, Position
from .roles import Role
from .selectors import interviewers, plans_for_picking

_UNKNOWN = _("Unknown or unavailable choice: pick one from the list.")
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


class PlainLabels:
    """Labels without Django's trailing colon, like every other label in Panel."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _person(user) -> str:
    return user.get_full_name() or user.email or user.username


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


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return _person(obj)


class IdMultipleChoiceField(IdsChecked, forms.ModelMultipleChoiceField):
    pass


class PeopleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return _person(obj)


class PositionForm(PlainLabels, forms.ModelForm):
    hiring_managers = PeopleChoiceField(
        label=_("Hiring managers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _UNKNOWN, "invalid_pk_value": _UNKNOWN},
    )

    class Meta:
        model = Position
        fields = ["title", "team", "description", "hiring_managers", "is_open"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hiring_managers"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.HIRING_MANAGER, is_active=True)
            .order_by("first_name", "email")
        )


class CandidateForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["full_name", "email", "position", "notes"]
        field_classes = {"position": IdChoiceField}
        error_messages = {"position": {"invalid_choice": _UNKNOWN}}


class PlanForm(PlainLabels, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[validate_single_line])
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    position = IdChoiceField(
        label=_("Position"),
        queryset=Position.objects.all(),
        required=False,
        error_messages={"invalid_choice": _UNKNOWN},
    )


class SectionForm(PlainLabels, forms.Form):
    category = IdChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        error_messages={"invalid_choice": _UNKNOWN, "required": _("Pick a category.")},
    )
    count = forms.IntegerField(
        label=_("Questions"),
        min_value=1,
        max_value=50,
        initial=2,
        error_messages={
            "min_value": _("Ask for at least one question."),
            "max_value": _("Ask for at most 50 questions in one section."),
            "required": _("Say how many questions."),
        },
    )
    difficulty = forms.ChoiceField(
        label=_("Difficulty"), choices=[("", _("Any"))] + Difficulty.choices, required=False
    )
    tag = forms.CharField(
        label=_("Competency tag"),
        max_length=100,
        required=False,
        validators=[validate_single_line],
    )
    minutes = forms.IntegerField(label=_("Budget (min)"), min_value=1, max_value=480, initial=15)
    weight = forms.DecimalField(
        label=_("Weight"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Optional; blank on every section = no weighted total"),
        error_messages={
            "invalid": _("A weight is a number, e.g. 2 or 1.5."),
            "min_value": _("A weight is a positive number (at least 0.01)."),
            "max_value": _("A weight is at most 100."),
            "max_digits": _("A weight is at most 100, with two decimals."),
            "max_decimal_places": _("A weight has at most two decimals."),
        },
    )


# A plan of more sections than this is a mistake, and a post claiming thousands of forms must
# not make the server build them all (Django's default ceiling is 1,000).
MAX_SECTIONS = 20


class BaseSectionFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("A plan holds at most %(num)d sections."),
    }


SectionFormSet = forms.formset_factory(
    SectionForm,
    formset=BaseSectionFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_SECTIONS,
    absolute_max=MAX_SECTIONS,
    validate_max=True,
)


def parse_pin_ids(values: list[str]) -> tuple[list[int], list[str]]:
    """Pinned question ids from the editor's hidden inputs, and what was wrong with any."""
    ids, errors = [], []
    for value in values:
        try:
            ids.append(parse_id(value))
        except ValidationError:
            errors.append(_("“%(value)s” is not a question id.") % {"value": value[:20]})
    return ids, errors


MAX_DURATION = 480


class InterviewForm(PlainLabels, forms.Form):
    candidate = IdChoiceField(
        label=_("Candidate"),
        queryset=Candidate.objects.select_related("position"),
        error_messages={"invalid_choice": _("Unknown candidate: pick one from the list.")},
    )
    plan = IdChoiceField(
        label=_("Interview plan"),
        queryset=plans_for_picking(),
        error_messages={"invalid_choice": _("Unknown or archived plan: pick one from the list.")},
    )
    scheduled_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=MAX_DURATION, initial=60
    )
    location = forms.CharField(
        label=_("Location or video link"),
        max_length=500,
        required=False,
        validators=[validate_single_line],
    )
    panel = PeopleChoiceField(
        label=_("Panel"),
        queryset=interviewers(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Seat at least one panelist."),
            "invalid_choice": _("Unknown interviewer: pick panelists from the list."),
            "invalid_pk_value": _("Unknown interviewer: pick panelists from the list."),
        },
    )
    lead = PersonChoiceField(
        label=_("Lead"),
        queryset=interviewers(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose exactly one lead among the panelists."),
            "invalid_choice": _("Unknown lead: pick one of the panelists."),
        },
    )

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        try:
            # Read in the user's zone, the ends of the calendar cannot be stored in UTC or
            # carry a duration (an OverflowError in Interview.save).
            value.astimezone(UTC) + timedelta(minutes=MAX_DURATION)
        except OverflowError:
            raise forms.ValidationError(
                _("This date is out of range: pick a date in the coming years.")
            ) from None
        return value

    def clean_panel(self):
        raw = self.data.getlist(self.add_prefix("panel")) if hasattr(self.data, "getlist") else []
        if len(raw) != len(set(raw)):
            raise forms.ValidationError(_("A panelist is seated twice; each person sits once."))
        return self.cleaned_data["panel"]

    def clean_lead(self):
        raw = self.data.getlist(self.add_prefix("lead")) if hasattr(self.data, "getlist") else []
        if len(set(raw)) > 1:
            raise forms.ValidationError(_("Choose exactly one lead, not several."))
        return self.cleaned_data["lead"]

    def clean(self):
        cleaned = super().clean()
        panel, lead = cleaned.get("panel"), cleaned.get("lead")
        if panel is not None and lead is not None and lead not in panel:
            self.add_error("lead", _("The lead must be one of the seated panelists."))
        return cleaned


class PreferencesForm(PlainLabels, forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("Server default (UTC)"))]
        + [(name, name) for name in sorted(zoneinfo.available_timezones())],
        required=False,
    )
