"""The question bank in the Wagtail admin: categories and questions under one menu."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, Difficulty, Question


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
    list_display = ["__str__", "category", "difficulty", "expected_minutes", "live", "updated_at"]
    list_per_page = 50
    filterset_class = QuestionFilterSet
    search_fields = ["prompt", "key_points", "follow_ups"]
    ordering = ["category__number", "sort_order", "pk"]
    copy_view_enabled = True
    inspect_view_enabled = True


class CategoryViewSet(SnippetViewSet):
    model = Category
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
