"""Forms of the hiring pages; business rules stay in services, these only parse and check input."""

import zoneinfo
from datetime import UTC, timedelta
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.fields import (
    IdChoiceField,
    PeopleChoiceField,
    PersonChoiceField,
    parse_id,
)
from accounts.roles import Role
from accounts.validators import validate_single_line
from questionbank.models import Category, Difficulty

from .models import Candidate, Position
from .scheduling import LEAD_MISSING, PANEL_EMPTY, panel_errors
from .selectors import interviewers, plans_for_picking

_UNKNOWN = _("Unknown or unavailable choice: pick one from the list.")


class PlainLabels:
    """Labels without Django's trailing colon, like every other label in Panel."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


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
            "required": PANEL_EMPTY,
            "invalid_choice": _("Unknown interviewer: pick panelists from the list."),
            "invalid_pk_value": _("Unknown interviewer: pick panelists from the list."),
        },
    )
    lead = PersonChoiceField(
        label=_("Lead"),
        queryset=interviewers(),
        widget=forms.RadioSelect,
        error_messages={
            "required": LEAD_MISSING,
            "invalid_choice": _("Unknown lead: pick one of the panelists."),
        },
    )
    confirm_overlap = forms.BooleanField(
        label=_("Yes, seat them although they are booked then"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "plan" in self.fields:
            self.fields["plan"].widget.choices = plan_choices(self._position_id())

    def _position_id(self) -> int | None:
        """The position of the candidate picked (or given), whose plans are offered first."""
        raw = self.data.get(self.add_prefix("candidate")) or self.initial.get("candidate")
        try:
            candidate_id = parse_id(raw)
        except ValidationError:
            return None
        return (
            Candidate.objects.filter(pk=candidate_id).values_list("position_id", flat=True).first()
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
        """The panel as posted: a person sent twice stays twice, for the service to refuse."""
        panel = list(self.cleaned_data["panel"])
        raw = self.data.getlist(self.add_prefix("panel")) if hasattr(self.data, "getlist") else []
        by_id = {user.pk: user for user in panel}
        posted = [by_id.get(parse_id(value)) for value in raw]
        return posted if posted and None not in posted else panel

    def clean_lead(self):
        raw = self.data.getlist(self.add_prefix("lead")) if hasattr(self.data, "getlist") else []
        if len(set(raw)) > 1:
            raise forms.ValidationError(_("Choose exactly one lead, not several."))
        return self.cleaned_data["lead"]

    def clean(self):
        """The panel rules are the service's (scheduling.panel_errors): shown by their fields."""
        cleaned = super().clean()
        panel, lead = cleaned.get("panel"), cleaned.get("lead")
        if panel is not None and lead is not None:
            for field, messages in panel_errors(panel=panel, lead=lead).items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned


def plan_choices(position_id: int | None) -> list:
    """The plan drop-down, grouped "For <position>" with the candidate's position's plans first,
    then plans of no position ("Other plans")."""
    groups: dict = {}
    for plan in plans_for_picking().order_by("position__title", "name"):
        groups.setdefault(plan.position, []).append((plan.pk, plan.name))
    ordered = sorted(
        groups.items(),
        key=lambda item: (
            item[0] is None,
            item[0] is None or item[0].pk != position_id,
            item[0].title if item[0] else "",
        ),
    )
    return [("", "---------")] + [
        (
            _("For %(position)s") % {"position": position.title} if position else _("Other plans"),
            plans,
        )
        for position, plans in ordered
    ]


class InterviewChangeForm(InterviewForm):
    """Time, duration, place and panel of a scheduled interview (candidate and plan stay)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["candidate"], self.fields["plan"]


class PreferencesForm(PlainLabels, forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("Server default (UTC)"))]
        + [(name, name) for name in sorted(zoneinfo.available_timezones())],
        required=False,
    )
    email_notifications = forms.BooleanField(
        label=_("Send me notification e-mails"),
        help_text=_(
            "Invitations, changes and cancellations of the interviews you sit on. "
            "Reminders of feedback you owe are sent either way."
        ),
        required=False,
    )
