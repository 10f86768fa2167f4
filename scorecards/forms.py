"""Parsing of scoring input: autosaved answers, the overall recommendation, submit and reopen.

The rules themselves live in services.py; these forms only turn POST data into typed values
with a clear message for anything malformed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.forms import PlainLabels
from questionbank.models import RATING_LEVELS

from .models import DecisionOutcome, Recommendation
from .services import RATING_ERROR, REOPEN_REASON_MAX_LENGTH

_VERSION_ERROR = _("The answer version is missing or wrong; reload the page.")


def _version_field() -> forms.IntegerField:
    """The version the client last read; the service refuses a save made from a stale one."""
    return forms.IntegerField(
        min_value=0,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), _VERSION_ERROR),
    )


class AnswerForm(forms.Form):
    """One question's whole answer as the client knows it, with the version it was based on."""

    rating = forms.TypedChoiceField(
        choices=[("", "")] + [(str(level), str(level)) for level in RATING_LEVELS],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": RATING_ERROR},
    )
    not_asked = forms.BooleanField(required=False)
    # No max_length here: the service refuses long notes with a message that gives the count.
    notes = forms.CharField(required=False, strip=False)
    version = _version_field()


class OverallForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=[("", "")] + Recommendation.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the recommendations offered.")},
    )
    summary = forms.CharField(required=False, strip=False)
    version = _version_field()


class SubmitForm(forms.Form):
    confirm_unrated = forms.BooleanField(
        required=False, label=_("Submit with the questions above left unrated")
    )


class ReopenForm(PlainLabels, forms.Form):
    reason = forms.CharField(
        label=_("Why is this scorecard reopened?"),
        max_length=REOPEN_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AutoAdvanceForm(forms.Form):
    auto_advance = forms.BooleanField(required=False)


def first_error(form: forms.Form) -> str:
    """The first message of an invalid form, for a one-line status next to a question."""
    for errors in form.errors.values():
        return str(errors[0])
    return str(_("The input was not understood."))


class DecisionForm(PlainLabels, forms.Form):
    """The outcome and rationale of a decision; scorecards.decisions checks the rationale."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages=dict.fromkeys(
            ("required", "invalid_choice"), _("Choose advance, hold or reject.")
        ),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        strip=False,
        help_text=_("Why this decision: what the panel found, what tipped it. Kept on record."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
