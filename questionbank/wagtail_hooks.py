"""The question bank in the Wagtail admin: categories and questions under one menu."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail import hooks
from wagtail.admin.compare import TagsFieldComparison, register_comparison_class
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.admin.search import SearchArea
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import duplicates_admin  # noqa: F401  (registers the near-duplicate warning and report)
from .admin_rows import LiveStatusCellColumn
from .admin_search import PlainWordsChooserViewSet, PlainWordsIndexView
from .forms import QuestionForm
from .models import Category, Difficulty, Question
from .selectors import BANK_PAGE_SIZE


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


# Apps above the bank add tabs to the question's edit view through this hook (a function that
# returns a panel with a heading), so the bank imports none of them.
QUESTION_EDIT_TABS_HOOK = "register_question_edit_tab"


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
        LiveStatusCellColumn(),
        DateColumn("updated_at", label=_("Updated")),
    ]
    # As many questions a page as the bank page and the question picker show (it was 50 since
    # the first commit, for no stated reason). A searched page draws half the rows: p95 102 ms
    # on PostgreSQL over 10,000 questions, where 50 rows drawn by Wagtail took 231 ms in the
    # same run (bench/README.md).
    list_per_page = BANK_PAGE_SIZE
    filterset_class = QuestionFilterSet
    # No view-level search_fields: naming columns makes SQLite's FTS look for a column
    # "prompt" that its index does not have. The model's autocomplete index (prompt, key
    # points, follow-ups) is searched instead, the same way on SQLite and PostgreSQL.
    index_view_class = PlainWordsIndexView
    chooser_viewset_class = PlainWordsChooserViewSet
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)

    def get_queryset(self, request):
        # Each row shows its category and status (live and latest revision, a scheduled
        # revision, a workflow in progress): joined, annotated and prefetched here, not five
        # queries per row (50 rows: 250 queries, most of the listing's time).
        return Question.objects.select_related(
            "category", "latest_revision", "live_revision"
        ).with_status()

    ordering = ["category__number", "sort_order", "pk"]
    copy_view_enabled = True
    inspect_view_enabled = True

    def get_edit_handler(self):
        tabs = [make_tab() for make_tab in hooks.get_hooks(QUESTION_EDIT_TABS_HOOK)]
        if not tabs:
            return super().get_edit_handler()
        return TabbedInterface(
            [ObjectList(Question.panels, heading=_("Question")), *tabs],
            base_form_class=QuestionForm,
        ).bind_to_model(self.model)


class CategoryViewSet(SnippetViewSet):
    model = Category
    index_view_class = PlainWordsIndexView
    chooser_viewset_class = PlainWordsChooserViewSet
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
# installed because the admin's editing views need them, but nobody sees them (their URLs
# answer 404: panelsite.urls.UNUSED_ADMIN_AREAS).
UNUSED_MENU_ITEMS = {"explorer", "images", "documents"}
UNUSED_SETTINGS_ITEMS = {"collections", "sites"}
PAGE_REPORTS = {"locked-pages", "aging-pages", "page-types-usage"}
PAGE_PANELS = {"recent_edits", "locked_pages"}
PAGE_SEARCH_AREAS = {"pages", "images", "documents"}


@hooks.register("construct_main_menu")
def hide_unused_menu_items(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in UNUSED_MENU_ITEMS]


@hooks.register("construct_settings_menu")
def hide_unused_settings(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in UNUSED_SETTINGS_ITEMS]


@hooks.register("construct_reports_menu")
def hide_page_reports(request, menu_items):
    """Locked pages, aging pages and page types report on pages only; the workflow reports
    and the site history cover questions too and stay."""
    menu_items[:] = [item for item in menu_items if item.name not in PAGE_REPORTS]


@hooks.register("construct_homepage_panels")
def hide_page_panels(request, panels):
    """The dashboard's "recent edits" and "locked pages" list pages; the moderation panels,
    which list questions too, stay."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in PAGE_PANELS]


class QuestionSearchArea(SearchArea):
    """The sidebar's search box searches questions (it takes the first area shown)."""

    def is_shown(self, request):
        return request.user.has_perm("questionbank.view_question")


@hooks.register("register_admin_search_area")
def register_question_search_area():
    return QuestionSearchArea(
        _("Questions"),
        reverse("wagtailsnippets_questionbank_question:list"),
        name="questions",
        icon_name="help",
        order=10,
    )


@hooks.register("construct_search")
def hide_page_search_areas(request, search_areas):
    search_areas[:] = [area for area in search_areas if area.name not in PAGE_SEARCH_AREAS]


class QuestionsSummaryItem(SummaryItem):
    """The dashboard's count of questions, in place of pages, images and documents."""

    template_name = "questionbank/admin/site_summary_questions.html"

    def get_context_data(self, parent_context):
        return {"total": Question.objects.count(), "live": Question.objects.live().count()}


@hooks.register("construct_homepage_summary_items", order=100)
def show_questions_not_pages(request, summary_items):
    summary_items[:] = [QuestionsSummaryItem(request)]
