"""The Wagtail admin's view of question effectiveness: a tab on the question's edit view and the
"Questions to review" report (filterable, CSV/XLSX export)."""

from __future__ import annotations

import datetime

import django_filters
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from questionbank.importing import csv_guarded
from questionbank.models import Category, Question

from . import questions
from .views import question_context


class QuestionFiguresPanel(Panel):
    """The figures of the question being edited (read-only; no form field)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "analytics/admin/question_figures_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance is not None and self.instance.pk:
                context.update(question_context(question=self.instance, viewer=self.request.user))
            return context


class QuestionsToReviewFilterSet(WagtailFilterSet):
    reason = django_filters.ChoiceFilter(
        label=_("Reason"), choices=questions.Reason.choices, method="filter_reason"
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all()
    )

    class Meta:
        model = Question
        fields = ["category"]

    def __init__(self, *args, figures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures or {}

    def filter_reason(self, queryset, name, value):
        return queryset.filter(
            pk__in=[pk for pk, item in self.figures.items() if value in item.reasons]
        )


class FiguresColumn(Column):
    """A column read from the figures the view attaches to each question."""

    def get_value(self, instance):
        figures = getattr(instance, "figures", None)
        return self.accessor(figures) if figures else "—"


def _fixed(value, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class QuestionsToReviewView(ReportView):
    """Questions whose figures call for a look: overused, no discrimination, ceiling or floor,
    poor agreement. Figures over every submitted scorecard (see analytics.questions)."""

    page_title = _("Questions to review")
    header_icon = "warning"
    index_url_name = "analytics_questions_to_review"
    index_results_url_name = "analytics_questions_to_review_results"
    permission_policy = ModelPermissionPolicy(Question)
    permission_required = "change"
    filterset_class = QuestionsToReviewFilterSet
    model = Question
    paginate_by = 50
    columns = [
        TitleColumn(
            "__str__",
            label=_("Question"),
            get_url=lambda question: reverse(
                "wagtailsnippets_questionbank_question:edit", args=[question.pk]
            ),
        ),
        Column("category", label=_("Category")),
        FiguresColumn(
            "reasons", label=_("To review"), accessor=lambda f: ", ".join(f.reason_labels)
        ),
        FiguresColumn("uses", label=_("Uses"), accessor=lambda f: f.uses),
        FiguresColumn("mean", label=_("Mean"), accessor=lambda f: _fixed(f.mean, 1)),
        FiguresColumn("alpha", label=_("α"), accessor=lambda f: _fixed(f.alpha, 2)),
        FiguresColumn(
            "tau",
            label=_("τ-b, recommendation"),
            accessor=lambda f: _fixed(f.by_recommendation.tau, 2),
        ),
    ]
    list_export = [
        "pk",
        "key",
        "prompt_text",
        "category.name",
        "figures.reasons_text",
        "figures.uses",
        "figures.rated",
        "figures.mean_rounded",
        "figures.not_asked",
        "figures.alpha_rounded",
        "figures.alpha_units",
        "figures.tau_recommendation",
        "figures.by_recommendation.n",
        "figures.tau_decision",
        "figures.by_decision.n",
    ]
    export_headings = {
        "pk": _("Id"),
        "key": _("Key"),
        "prompt_text": _("Prompt"),
        "category.name": _("Category"),
        "figures.reasons_text": _("To review"),
        "figures.uses": _("Uses"),
        "figures.rated": _("Ratings"),
        "figures.mean_rounded": _("Mean rating"),
        "figures.not_asked": _("Not asked"),
        "figures.alpha_rounded": _("Alpha"),
        "figures.alpha_units": _("Alpha n (uses)"),
        "figures.tau_recommendation": _("Tau-b recommendation"),
        "figures.by_recommendation.n": _("Tau-b recommendation n"),
        "figures.tau_decision": _("Tau-b decision"),
        "figures.by_decision.n": _("Tau-b decision n"),
    }

    @cached_property
    def figures(self) -> dict[int, questions.QuestionFigures]:
        return questions.question_effectiveness(viewer=self.request.user)

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "figures": self.figures}

    def get_base_queryset(self):
        to_review = [pk for pk, item in self.figures.items() if item.reasons]
        return Question.objects.filter(pk__in=to_review).select_related("category")

    def get_filename(self):
        return f"questions-to-review-{datetime.date.today():%Y-%m-%d}"

    def decorate_paginated_queryset(self, object_list):
        object_list = list(object_list)
        for question in object_list:
            question.figures = self.figures.get(question.pk)
        return object_list

    def paginate_queryset(self, queryset, page_size):
        # The table is built from the page before ReportView decorates it: decorate here.
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = self.decorate_paginated_queryset(object_list)
        return paginator, page, page.object_list, is_paginated

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, str):
            value = csv_guarded(value)
        return super().preprocess_field_value(field, value, export_format)
