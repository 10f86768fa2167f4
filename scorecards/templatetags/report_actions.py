"""The "PDF documents" card: which reports this user may make of an interview or a candidate."""

from __future__ import annotations

from django import template

from scorecards.reports.selectors import report_card

register = template.Library()


@register.inclusion_tag("scorecards/reports/_actions_list.html", takes_context=True)
def report_actions(context, interview=None, candidate=None):
    card = report_card(user=context["request"].user, interview=interview, candidate=candidate)
    return {
        "actions": card.actions,
        "paper_sizes": card.paper_sizes,
        "paper_size": card.paper_size,
        "show_error_detail": card.show_error_detail,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
