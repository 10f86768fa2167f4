"""The question bank in the Wagtail admin: categories and questions under one menu."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import DateColumn, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_search import PlainWordsIndexView
from .models import Category, Difficulty, Question
from .widgets import CheckedSnippetChooserViewSet


class QuestionFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all())
    difficulty = django_filters.ChoiceFilter(choices=Difficulty.choices)
    tags = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact", label=_("Tag"))

    class Meta:
        model = Question
        fields = ["category", "difficulty", "live"]


class QuestionViewSet(SnippetViewSet):
    """Questions with drafts, revisions, moderation, locking and search."""

    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = [
        "__str__",
        "category",
        "difficulty",
        "expected_minutes",
        LiveStatusTagColumn(),
        DateColumn("updated_at", label=_("Updated")),
    ]
    list_per_page = 50
    filterset_class = QuestionFilterSet
    search_fields = ["prompt", "key_points", "follow_ups"]
    ordering = ["category__number", "sort_order", "pk"]
    copy_view_enabled = True
    inspect_view_enabled = True
    index_view_class = PlainWordsIndexView


class CategoryViewSet(SnippetViewSet):
    model = Category
    chooser_viewset_class = CheckedSnippetChooserViewSet
    index_view_class = PlainWordsIndexView
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "number", "slug"]
    ordering = ["number", "name"]


class QuestionBankGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, CategoryViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"


register_snippet(QuestionBankGroup)


# Panel keeps its bank in snippets and uses no pages, images or documents; the apps stay
# installed because the admin's editing views need them, but editors never see them.
UNUSED_MENU_ITEMS = {"explorer", "images", "documents"}


@hooks.register("construct_main_menu")
def hide_unused_menu_items(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in UNUSED_MENU_ITEMS]


class QuestionsSummaryItem(SummaryItem):
    """The dashboard's count of questions, in place of pages, images and documents."""

    template_name = "questionbank/admin/site_summary_questions.html"

    def get_context_data(self, parent_context):
        return {"total": Question.objects.count(), "live": Question.objects.live().count()}


@hooks.register("construct_homepage_summary_items", order=100)
def show_questions_not_pages(request, summary_items):
    summary_items[:] = [QuestionsSummaryItem(request)]
