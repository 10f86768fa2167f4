"""Near-duplicates in the Wagtail admin: a warning with links after a question is saved, and the
"Near-duplicate questions" report under Reports (editors only)."""

from dataclasses import dataclass

from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .duplicates import THRESHOLD, near_duplicate_pairs, near_duplicates
from .models import Question

EDIT_URL = "wagtailsnippets_questionbank_question:edit"
PERMISSION_POLICY = ModelPermissionPolicy(Question)


def _edit_url(question: Question) -> str:
    return reverse(EDIT_URL, args=[question.pk])


def near_duplicates_warn(request, question) -> None:
    """After a question is saved in the admin: warn, with links, about near-identical ones."""
    if not isinstance(question, Question):
        return
    matches = near_duplicates(prompt=question.prompt or "", exclude_id=question.pk, limit=5)
    if not matches:
        return
    others = Question.objects.in_bulk([match.question_id for match in matches])
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a> ({}% similar)</li>',
        (
            (_edit_url(others[m.question_id]), str(others[m.question_id]), m.score)
            for m in matches
            if m.question_id in others
        ),
    )
    message = ngettext(
        "This prompt is nearly the same as another question of the bank:",
        "This prompt is nearly the same as %(count)d other questions of the bank:",
        len(matches),
    ) % {"count": len(matches)}
    messages.messages.warning(
        request, messages.render(message, None, detail=format_html("<ul>{}</ul>", items))
    )


hooks.register("after_create_snippet", near_duplicates_warn)
hooks.register("after_edit_snippet", near_duplicates_warn)


@dataclass
class PairRow:
    """One line of the report: two questions and how alike their prompts are."""

    first: Question
    second: Question
    score: float


class NearDuplicatesReportView(ReportView):
    """Pairs of questions whose prompts are nearly the same, closest first, 50 a page."""

    page_title = _("Near-duplicate questions")
    header_icon = "help"
    index_url_name = "questionbank_near_duplicates"
    index_results_url_name = "questionbank_near_duplicates_results"
    permission_policy = PERMISSION_POLICY
    permission_required = "change"
    verbose_name_plural = _("near-duplicate pairs")
    template_name = "questionbank/admin/near_duplicates_report.html"
    columns = [
        TitleColumn("first", label=_("Question"), get_url=lambda row: _edit_url(row.first)),
        TitleColumn(
            "second", label=_("Nearly the same as"), get_url=lambda row: _edit_url(row.second)
        ),
        Column("score", label=_("Similarity (%)")),
    ]

    def get_queryset(self):
        return near_duplicate_pairs()

    def decorate_paginated_queryset(self, object_list):
        ids = {pk for pair in object_list for pk in (pair.first_id, pair.second_id)}
        questions = Question.objects.in_bulk(ids)
        return [
            PairRow(questions[pair.first_id], questions[pair.second_id], pair.score)
            for pair in object_list
            if pair.first_id in questions and pair.second_id in questions
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The table is built before decoration; build it from the decorated rows.
        context["object_list"] = self.decorate_paginated_queryset(context["object_list"])
        context["table"] = self.get_table(context["object_list"])
        context["threshold"] = THRESHOLD
        return context

    def get(self, request, *args, **kwargs):
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())


class NearDuplicatesMenuItem(MenuItem):
    def is_shown(self, request):
        return PERMISSION_POLICY.user_has_permission(request.user, "change")


@hooks.register("register_reports_menu_item")
def register_near_duplicates_menu_item():
    return NearDuplicatesMenuItem(
        _("Near-duplicate questions"),
        reverse("questionbank_near_duplicates"),
        name="near-duplicates",
        icon_name="help",
        order=800,
    )


@hooks.register("register_admin_urls")
def register_near_duplicates_urls():
    view = NearDuplicatesReportView.as_view()
    results = NearDuplicatesReportView.as_view(results_only=True)
    return [
        path("reports/near-duplicates/", view, name="questionbank_near_duplicates"),
        path(
            "reports/near-duplicates/results/", results, name="questionbank_near_duplicates_results"
        ),
    ]
