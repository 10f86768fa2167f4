"""Question effectiveness in the Wagtail admin: a tab on the question and a report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList

from questionbank.wagtail_hooks import QUESTION_EDIT_TABS_HOOK

from .admin_views import QuestionFiguresPanel, QuestionsToReviewView
from .policies import can_review_questions


@hooks.register(QUESTION_EDIT_TABS_HOOK)
def question_figures_tab():
    return ObjectList([QuestionFiguresPanel(heading=_("Figures"))], heading=_("Effectiveness"))


@hooks.register("register_admin_urls")
def register_report_urls():
    view = QuestionsToReviewView.as_view()
    results = QuestionsToReviewView.as_view(results_only=True)
    return [
        path("reports/questions-to-review/", view, name="analytics_questions_to_review"),
        path(
            "reports/questions-to-review/results/",
            results,
            name="analytics_questions_to_review_results",
        ),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_questions(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return EditorsMenuItem(
        _("Questions to review"),
        reverse("analytics_questions_to_review"),
        name="questions-to-review",
        icon_name="warning",
        order=700,
    )
