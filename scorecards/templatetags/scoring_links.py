"""Links into the scoring pages for templates of other apps, shown only to those allowed."""

from __future__ import annotations

from django import template
from django.urls import reverse

from scorecards import policies

register = template.Library()


@register.simple_tag(takes_context=True)
def panel_summary_url(context, interview) -> str:
    """The panel summary of an interview if the signed-in user may read it, else ""."""
    request = context.get("request")
    if request is None or not policies.can_read_panel(request.user, interview):
        return ""
    return reverse("scorecards:summary", kwargs={"interview_id": interview.pk})
