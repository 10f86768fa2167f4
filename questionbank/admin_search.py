"""The search boxes of the bank's admin listings and choosers take plain words, as the bank
page does: never query syntax (a lone `"` is an FTS error on SQLite) and at most
MAX_SEARCH_WORDS words (300 were a RecursionError in the PostgreSQL backend)."""

from django.utils.functional import cached_property
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView

from .admin_rows import FewerTemplatesMixin
from .pagination import HitsFirstWagtailPaginator
from .selectors import search_words
from .widgets import CheckedSnippetChooser


class PlainWordsIndexView(FewerTemplatesMixin, IndexView):
    """A snippet listing whose search box passes plain words to the search backend, whose
    search counts its hits in the page's query, whose rows' menus are drawn once
    and whose plain cells are drawn once per value."""

    paginator_class = HitsFirstWagtailPaginator

    @cached_property
    def search_query(self):
        return search_words(super().search_query)


class PlainWordsFilterForm(SearchFilterMixin, BaseFilterForm):
    """The search box of a snippet chooser, reduced to plain words like the listing's."""

    def clean_q(self):
        return search_words(self.cleaned_data["q"])


class PlainWordsChooseView(ChooseView):
    filter_form_class = PlainWordsFilterForm


class PlainWordsChooseResultsView(ChooseResultsView):
    filter_form_class = PlainWordsFilterForm


class PlainWordsChooserViewSet(SnippetChooserViewSet):
    """Plain-word search, and a widget that redraws a refused form whatever id was posted."""

    base_widget_class = CheckedSnippetChooser
    choose_view_class = PlainWordsChooseView
    choose_results_view_class = PlainWordsChooseResultsView
