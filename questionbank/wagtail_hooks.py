"""The question bank in the Wagtail admin: categories and questions under one menu."""

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail import hooks
from wagtail.admin.compare import TagsFieldComparison, register_comparison_class
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.panels import ObjectList
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import DateColumn, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .forms import QuestionForm
from .models import Category, Difficulty, Question
from .selectors import search_terms


class SortedTagsComparison(TagsFieldComparison):
    """Tags are a set: revisions compare them in name order, so a reordering is no change
    (the importer keeps a file's order, the admin form sorts)."""

    def get_items(self):
        items_a, items_b = super().get_items()
        return sorted(items_a, key=_tag_order), sorted(items_b, key=_tag_order)


def _tag_order(tag) -> str:
    return tag.name.casefold()


register_comparison_class(ClusterTaggableManager, comparison_class=SortedTagsComparison)


class QuestionFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all())
    difficulty = django_filters.ChoiceFilter(choices=Difficulty.choices)
    tags = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact", label=_("Tag"))

    class Meta:
        model = Question
        fields = ["category", "difficulty", "live"]


class PlainTermsIndexView(IndexView):
    """A snippet list whose search box passes plain words to the search backend, never query
    syntax (a lone `"` is an FTS error on SQLite)."""

    @cached_property
    def search_query(self):
        return search_terms(super().search_query)


class PlainTermsFilterForm(SearchFilterMixin, BaseFilterForm):
    """The search box of a snippet chooser, reduced to plain words like the list's."""

    def clean_q(self):
        return search_terms(self.cleaned_data["q"])


class PlainTermsChooseView(ChooseView):
    filter_form_class = PlainTermsFilterForm


class PlainTermsChooseResultsView(ChooseResultsView):
    filter_form_class = PlainTermsFilterForm


class PlainTermsChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PlainTermsChooseView
    choose_results_view_class = PlainTermsChooseResultsView


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
    # No view-level search_fields: naming columns makes SQLite's FTS look for a column
    # "prompt" that its index does not have. The model's autocomplete index (prompt, key
    # points, follow-ups) is searched instead, the same way on SQLite and PostgreSQL.
    index_view_class = PlainTermsIndexView
    chooser_viewset_class = PlainTermsChooserViewSet
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)
    ordering = ["category__number", "sort_order", "pk"]
    copy_view_enabled = True
    inspect_view_enabled = True


class CategoryViewSet(SnippetViewSet):
    model = Category
    index_view_class = PlainTermsIndexView
    chooser_viewset_class = PlainTermsChooserViewSet
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
